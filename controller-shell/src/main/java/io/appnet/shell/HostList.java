package io.appnet.shell;

import io.appnet.controller.status.HostView;
import io.appnet.controller.status.StatusService;
import io.appnet.controller.topology.HostStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:host-list}: hosts with their underlay IP, leased subnet, session, switch sync and problems. */
@Service
@Command(scope = "appnet", name = "host-list", description = "List hosts: underlay IP, subnet, connected, flows in"
        + " sync, instances, rejected interfaces")
public class HostList extends PrintingAction {

    @Reference
    StatusService status;

    @Override
    String run() {
        List<List<Object>> rows = new ArrayList<>();
        for (HostView view : status.hosts()) {
            HostStatus host = view.host();
            List<String> notes = new ArrayList<>();
            if (!host.problem().isEmpty()) {
                notes.add(host.problem());
            }
            host.rejectedInterfaces().forEach((iface, reason) -> notes.add(iface + " rejected: " + reason));
            host.pendingInterfaces().forEach((iface, reason) -> notes.add(iface + " pending: " + reason));
            rows.add(List.of(host.hostId(), host.underlayIp().map(Object::toString).orElse("-"),
                    host.subnet().map(Object::toString).orElse("-"), host.connected() ? "yes" : "no",
                    view.flows().map(Object::toString).orElse("-"), host.instances(), String.join("; ", notes)));
        }
        return Tables.render(List.of("Host", "Underlay IP", "Subnet", "Connected", "Flows", "Instances", "Notes"),
                rows);
    }
}
