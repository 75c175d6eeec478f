package io.appnet.controller.store;

import java.util.List;
import java.util.Map;

/** Everything a store holds: app IDs by GUID, subnet leases by host id, policies by ID, services by name. */
public record StoredState(Map<String, Integer> appIds, Map<String, String> leases, List<StoredPolicy> policies,
                          List<StoredService> services) {

    private static final StoredState EMPTY = new StoredState(Map.of(), Map.of(), List.of(), List.of());

    public StoredState {
        appIds = Map.copyOf(appIds);
        leases = Map.copyOf(leases);
        policies = List.copyOf(policies);
        services = List.copyOf(services);
    }

    public static StoredState empty() {
        return EMPTY;
    }
}
