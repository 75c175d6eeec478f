package io.appnet.controller.store;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hardware firewall's registration row (issue 10): its unique name and datapath ID, its protected-side and
 * platform-side ports, what it guards ({@code app:<guid>} or {@code destination:<id>}, in order), its identity mode
 * ({@code nat}, {@code instance-ip}, {@code vxlan}) with that mode's map (nat: app GUID -> NAT address; vxlan: host
 * id -> tunnel port; instance-ip: none), the operator's budget (0 = not set: the device's own figure counts) and
 * how its rules are deployed ({@code auto} or {@code make-before-break}, schema 5).
 */
public record StoredFirewall(String name, long datapathId, long protectedPort, long platformPort, List<String> guards,
                             String identity, Map<String, String> identityMap, int budgetTables,
                             long budgetMaxEntries, String deploy) {

    public StoredFirewall {
        StoreFields.present("firewall name", name);
        StoreFields.present("firewall identity", identity);
        StoreFields.present("firewall deploy", deploy);
        guards = List.copyOf(guards);
        if (guards.isEmpty()) {
            throw new IllegalArgumentException("firewall '" + name + "' guards nothing");
        }
        guards.forEach(guard -> {
            if (!guard.startsWith("app:") && !guard.startsWith("destination:")) {
                throw new IllegalArgumentException("firewall guard '" + guard + "' is neither app: nor destination:");
            }
        });
        identityMap = Map.copyOf(new TreeMap<>(identityMap));
        if (budgetTables < 0 || budgetMaxEntries < 0) {
            throw new IllegalArgumentException("firewall '" + name + "' has a negative budget");
        }
    }

    /** Deployed {@code auto}. */
    public StoredFirewall(String name, long datapathId, long protectedPort, long platformPort, List<String> guards,
            String identity, Map<String, String> identityMap, int budgetTables, long budgetMaxEntries) {
        this(name, datapathId, protectedPort, platformPort, guards, identity, identityMap, budgetTables,
                budgetMaxEntries, "auto");
    }
}
