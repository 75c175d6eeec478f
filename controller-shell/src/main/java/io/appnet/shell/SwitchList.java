package io.appnet.shell;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.core.Controller;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.openflow.connection.OfConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:switch-list}: connected switches, the host each serves and how its tables stand. */
@Service
@Command(scope = "appnet", name = "switch-list", description = "List switches: datapath, address, host, sync state,"
        + " last reconcile")
public class SwitchList extends PrintingAction {

    @Reference
    Controller controller;

    @Override
    String run() {
        Map<Long, String> hosts = new TreeMap<>();
        controller.topology().hosts().values().forEach(host -> host.datapathId()
                .ifPresent(datapath -> hosts.put(datapath, host.hostId())));
        List<List<Object>> rows = new ArrayList<>();
        Map<Long, OfConnection> connections = new TreeMap<>(controller.switches().connections());
        connections.forEach((datapath, connection) -> {
            String host = hosts.getOrDefault(datapath, "-");
            SwitchSync sync = host.equals("-") ? null : controller.programmer().sync(HostId.of(host)).orElse(null);
            rows.add(List.of(String.format("%016x", datapath), String.valueOf(connection.remoteAddress()), host,
                    sync == null ? "not bound" : sync.state().toString(),
                    sync == null ? "-" : sync.lastReconcile(), sync == null ? "" : sync.lastError()));
        });
        return Tables.render(List.of("Datapath", "Address", "Host", "State", "Last reconcile", "Last error"), rows);
    }
}
