package io.appnet.shell;

import io.appnet.compiler.model.DestinationRule;
import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.EgressService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:destination-list [--name N]}: destinations with their ids, tags (pseudo app IDs) and rules. */
@Service
@Command(scope = "appnet", name = "destination-list", description = "List egress destinations (external services)")
public class DestinationList extends PrintingAction {

    @Reference
    EgressService egress;

    @Option(name = "--name", description = "Only the destination with this name")
    String name;

    @Override
    String run() {
        List<List<Object>> rows = new ArrayList<>();
        for (DestinationRecord record : egress.destinations(Set.of(), name == null ? Set.of() : Set.of(name))) {
            rows.add(List.of(record.destination().name(), record.id(),
                    String.format("%06X", record.destination().pseudoAppId().value()), rules(record),
                    record.destination().pinned() ? String.join(",", record.destination().gateways().stream()
                            .map(Object::toString).toList()) : "any NAT gateway", record.description()));
        }
        return Tables.render(List.of("Name", "ID", "Tag", "Rules", "Gateways", "Description"), rows);
    }

    /** Each rule as {@code tcp 192.0.2.10 5432}; rules separated by {@code ;}. */
    private static String rules(DestinationRecord record) {
        return record.destination().rules().stream().map(DestinationList::rule).collect(Collectors.joining("; "));
    }

    private static String rule(DestinationRule rule) {
        String ips = rule.ips().stream().map(Object::toString).collect(Collectors.joining(","));
        String ports = rule.ports().stream().map(Object::toString).collect(Collectors.joining(","));
        String icmp = rule.icmpType() == DestinationRule.ANY ? "" : " type " + rule.icmpType()
                + (rule.icmpCode() == DestinationRule.ANY ? "" : " code " + rule.icmpCode());
        return rule.protocol() + " " + ips + (ports.isEmpty() ? "" : " " + ports) + icmp;
    }
}
