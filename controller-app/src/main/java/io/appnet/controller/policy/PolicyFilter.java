package io.appnet.controller.policy;

import java.util.Set;

/**
 * Which policies a listing shows, as policy-server's query: {@code ids} matches a policy whose source or
 * destination is one of them and wins over the other two; otherwise {@code sources} and
 * {@code destinations} each restrict when non-empty (both given: both must hold).
 */
public record PolicyFilter(Set<String> ids, Set<String> sources, Set<String> destinations) {

    private static final PolicyFilter ALL = new PolicyFilter(Set.of(), Set.of(), Set.of());

    public PolicyFilter {
        ids = Set.copyOf(ids);
        sources = Set.copyOf(sources);
        destinations = Set.copyOf(destinations);
    }

    public static PolicyFilter all() {
        return ALL;
    }

    public static PolicyFilter involving(Set<String> ids) {
        return new PolicyFilter(ids, Set.of(), Set.of());
    }

    public boolean matches(PolicySpec policy) {
        if (!ids.isEmpty()) {
            return ids.contains(policy.sourceGuid()) || ids.contains(policy.destinationGuid());
        }
        return (sources.isEmpty() || sources.contains(policy.sourceGuid()))
                && (destinations.isEmpty() || destinations.contains(policy.destinationGuid()));
    }
}
