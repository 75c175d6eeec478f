package io.appnet.shell;

import io.appnet.compiler.firewall.Budget;
import io.appnet.compiler.firewall.DeployMode;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.controller.firewall.FirewallException;
import io.appnet.controller.firewall.FirewallRows;
import io.appnet.controller.firewall.FirewallService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code appnet:firewall-add fw1 00000000000000f1 --protected 1 --platform 2 --guard app:db --mode instance-ip}:
 * registers a hardware firewall, or replaces the registration of that name (same checks as REST).
 */
@Service
@Command(scope = "appnet", name = "firewall-add", description = "Register a hardware firewall (or replace one)")
public class FirewallAdd extends PrintingAction {

    @Reference
    FirewallService firewalls;

    @Argument(index = 0, name = "name", required = true, description = "The firewall's name")
    String name;

    @Argument(index = 1, name = "datapath-id", required = true, description = "Its datapath ID, 1-16 hex digits")
    String datapathId;

    @Option(name = "--protected", required = true, description = "The port in front of what it guards")
    long protectedPort;

    @Option(name = "--platform", required = true, description = "The port the apps' traffic arrives on")
    long platformPort;

    @Option(name = "--guard", required = true, multiValued = true, description = "app:GUID or destination:ID")
    List<String> guards;

    @Option(name = "--mode", required = true, description = "Identity mode: nat, instance-ip or vxlan")
    String mode;

    @Option(name = "--address", multiValued = true, description = "nat: GUID=NAT address, one per app")
    List<String> addresses;

    @Option(name = "--tunnel-port", multiValued = true, description = "vxlan: HOST=port, one per host")
    List<String> tunnelPorts;

    @Option(name = "--tables", description = "Budget: at most this many tables")
    Integer tables;

    @Option(name = "--max-entries", description = "Budget: at most this many entries per table")
    Long maxEntries;

    @Option(name = "--deploy", description = "auto (by bundle where the device has them, the default) or"
            + " make-before-break (never a bundle)")
    String deploy = DeployMode.AUTO.text();

    @Override
    String run() {
        String digits = datapathId.startsWith("0x") ? datapathId.substring(2) : datapathId;
        if (!digits.matches("[0-9a-fA-F]{1,16}")) {
            throw new FirewallException("datapath_id: '" + datapathId + "' is not 1-16 hex digits");
        }
        List<Guard> parsed = new ArrayList<>();
        for (String guard : guards) {
            if (guard.startsWith("app:")) {
                parsed.add(new Guard.App(guard.substring(4)));
            } else if (guard.startsWith("destination:")) {
                parsed.add(new Guard.Destination(guard.substring("destination:".length())));
            } else {
                throw new FirewallException("guards: '" + guard + "' must be app:GUID or destination:ID");
            }
        }
        Firewall firewall = new Firewall(name, Long.parseUnsignedLong(digits, 16), protectedPort, platformPort, parsed,
                identity(), tables == null && maxEntries == null ? Optional.empty() : Optional.of(new Budget(
                        tables == null ? OptionalInt.empty() : OptionalInt.of(tables),
                        maxEntries == null ? OptionalLong.empty() : OptionalLong.of(maxEntries))),
                DeployMode.parse(deploy));
        firewalls.register(firewall);
        return "firewall " + name + " registered: datapath " + String.format("%016x", firewall.datapathId()) + ", "
                + FirewallRows.mode(firewall.identity()) + ", guards " + String.join(",", guards) + ", deploy "
                + firewall.deploy().text();
    }

    private Identity identity() {
        return switch (mode) {
            case FirewallRows.INSTANCE_IP -> new Identity.InstanceIp();
            case FirewallRows.NAT -> {
                TreeMap<String, Ipv4Address> map = new TreeMap<>();
                for (String pair : addresses == null ? List.<String>of() : addresses) {
                    int at = pair.indexOf('=');
                    if (at < 1) {
                        throw new FirewallException("identity.addresses: '" + pair + "' is not GUID=address");
                    }
                    map.put(pair.substring(0, at), Ipv4Address.parse(pair.substring(at + 1)));
                }
                yield new Identity.Nat(map);
            }
            case FirewallRows.VXLAN -> {
                TreeMap<HostId, Long> map = new TreeMap<>();
                for (String pair : tunnelPorts == null ? List.<String>of() : tunnelPorts) {
                    int at = pair.indexOf('=');
                    try {
                        map.put(HostId.of(pair.substring(0, at)), Long.parseLong(pair.substring(at + 1)));
                    } catch (RuntimeException bad) {
                        throw new FirewallException("identity.tunnel_ports: '" + pair + "' is not HOST=port");
                    }
                }
                yield new Identity.Vxlan(map);
            }
            default -> throw new FirewallException("identity.mode: '" + mode + "'; must be nat, instance-ip or vxlan");
        };
    }
}
