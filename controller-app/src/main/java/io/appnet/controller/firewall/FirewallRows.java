package io.appnet.controller.firewall;

import io.appnet.compiler.firewall.Budget;
import io.appnet.compiler.firewall.DeployMode;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.controller.store.StoredFirewall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/** A registration as the store keeps it and back: {@link Firewall} <-> {@link StoredFirewall}. Pure. */
public final class FirewallRows {
    public static final String NAT = "nat";
    public static final String INSTANCE_IP = "instance-ip";
    public static final String VXLAN = "vxlan";

    private FirewallRows() {
    }

    public static StoredFirewall row(Firewall firewall) {
        List<String> guards = firewall.guards().stream().map(FirewallRows::guard).toList();
        Map<String, String> map = new TreeMap<>();
        if (firewall.identity() instanceof Identity.Nat nat) {
            nat.addresses().forEach((guid, address) -> map.put(guid, address.toString()));
        } else if (firewall.identity() instanceof Identity.Vxlan vxlan) {
            vxlan.tunnelPorts().forEach((host, port) -> map.put(host.name(), Long.toString(port)));
        }
        Budget budget = firewall.budget().orElse(new Budget(OptionalInt.empty(), OptionalLong.empty()));
        return new StoredFirewall(firewall.name(), firewall.datapathId(), firewall.protectedPort(),
                firewall.platformPort(), guards, mode(firewall.identity()), map, budget.tables().orElse(0),
                budget.maxEntries().orElse(0), firewall.deploy().text());
    }

    public static Firewall firewall(StoredFirewall row) {
        List<Guard> guards = new ArrayList<>();
        for (String guard : row.guards()) {
            guards.add(guard.startsWith("app:") ? new Guard.App(guard.substring(4))
                    : new Guard.Destination(guard.substring("destination:".length())));
        }
        Identity identity = switch (row.identity()) {
            case NAT -> {
                TreeMap<String, Ipv4Address> addresses = new TreeMap<>();
                row.identityMap().forEach((guid, address) -> addresses.put(guid, Ipv4Address.parse(address)));
                yield new Identity.Nat(addresses);
            }
            case VXLAN -> {
                TreeMap<HostId, Long> ports = new TreeMap<>();
                row.identityMap().forEach((host, port) -> ports.put(HostId.of(host), Long.parseLong(port)));
                yield new Identity.Vxlan(ports);
            }
            default -> new Identity.InstanceIp();
        };
        Optional<Budget> budget = row.budgetTables() == 0 && row.budgetMaxEntries() == 0 ? Optional.empty()
                : Optional.of(new Budget(row.budgetTables() == 0 ? OptionalInt.empty() : OptionalInt.of(row.budgetTables()),
                        row.budgetMaxEntries() == 0 ? OptionalLong.empty() : OptionalLong.of(row.budgetMaxEntries())));
        return new Firewall(row.name(), row.datapathId(), row.protectedPort(), row.platformPort(), guards, identity,
                budget, DeployMode.parse(row.deploy()));
    }

    public static String mode(Identity identity) {
        return identity instanceof Identity.Nat ? NAT : identity instanceof Identity.Vxlan ? VXLAN : INSTANCE_IP;
    }

    public static String guard(Guard guard) {
        return guard instanceof Guard.App app ? "app:" + app.guid()
                : "destination:" + ((Guard.Destination) guard).id();
    }
}
