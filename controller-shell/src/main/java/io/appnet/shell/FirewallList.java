package io.appnet.shell;

import io.appnet.compiler.firewall.Firewall;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.controller.firewall.FirewallRows;
import io.appnet.controller.firewall.FirewallService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:firewall-list}: registered hardware firewalls, what they guard, and their devices' state. */
@Service
@Command(scope = "appnet", name = "firewall-list", description = "List hardware firewalls and their state")
public class FirewallList extends PrintingAction {

    @Reference
    FirewallService firewalls;

    @Override
    String run() {
        List<List<Object>> rows = new ArrayList<>();
        for (Firewall firewall : firewalls.firewalls()) {
            String state = firewalls.devices().state(firewall.datapathId()).map(FirewallDevices.State::outcome)
                    .orElse("never connected");
            rows.add(List.of(firewall.name(), String.format("%016x", firewall.datapathId()),
                    firewall.platformPort() + " -> " + firewall.protectedPort(),
                    FirewallRows.mode(firewall.identity()),
                    firewall.guards().stream().map(FirewallRows::guard).collect(Collectors.joining(",")),
                    firewall.budget().map(budget -> budget.tables().stream().mapToObj(n -> n + " tables").findFirst()
                            .orElse("") + budget.maxEntries().stream().mapToObj(n -> " " + n + " entries").findFirst()
                            .orElse("")).orElse("device's").trim(),
                    firewall.deploy().text(), state));
        }
        return Tables.render(List.of("Name", "Datapath", "Ports", "Identity", "Guards", "Budget", "Deploy", "State"), rows);
    }
}
