package io.appnet.shell;

import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.DestinationSpec;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.egress.RuleParser;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code appnet:destination-create db tcp 192.0.2.10 5432}: a destination with one rule, checked as the REST API
 * checks it (more rules: the REST API). It gets an id and a pseudo app ID from the app ID space.
 */
@Service
@Command(scope = "appnet", name = "destination-create", description = "Create an egress destination (an external"
        + " service) with one rule")
public class DestinationCreate extends PrintingAction {

    @Reference
    EgressService egress;

    @Argument(index = 0, name = "name", required = true, description = "A name no other destination has")
    String name;

    @Argument(index = 1, name = "protocol", required = true, description = "tcp, udp, icmp or all")
    String protocol;

    @Argument(index = 2, name = "ips", required = true, description = "IPv4 addresses or ranges: 192.0.2.10 or"
            + " 192.0.2.10-192.0.2.20, comma-separated")
    String ips;

    @Argument(index = 3, name = "ports", description = "For tcp and udp: 5432 or 5000-5010, comma-separated")
    String ports;

    @Option(name = "--icmp-type", description = "For icmp: the type (default any)")
    Integer icmpType;

    @Option(name = "--icmp-code", description = "For icmp: the code (default any)")
    Integer icmpCode;

    @Option(name = "--description", description = "What the destination is")
    String description;

    @Option(name = "--gateway", multiValued = true, description = "Pin the destination to this gateway (repeatable;"
            + " default: every gateway with NAT)")
    List<String> gateways;

    @Override
    String run() throws Exception {
        DestinationSpec spec = new DestinationSpec(null, name, description, List.of(RuleParser.parse(protocol,
                RuleParser.ranges(ips), ports == null ? List.of() : RuleParser.ranges(ports), icmpType, icmpCode)),
                gateways == null ? new HashSet<>() : new HashSet<>(gateways));
        var created = egress.createDestinations(List.of(spec));
        created.programmed().get(10, TimeUnit.SECONDS);
        DestinationRecord record = created.value().get(0);
        return "created: destination " + name + " id " + record.id() + " tag "
                + String.format("%06X", record.destination().pseudoAppId().value());
    }
}
