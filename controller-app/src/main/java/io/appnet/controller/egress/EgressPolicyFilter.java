package io.appnet.controller.egress;

import java.util.Set;

/**
 * Which egress policies a listing shows, as policy-server's query ({@code SourceIDs}, {@code SourceTypes},
 * {@code DestinationIDs}, {@code DestinationNames}): each non-empty set must hold.
 */
public record EgressPolicyFilter(Set<String> sourceIds, Set<String> sourceTypes, Set<String> destinationIds,
                                 Set<String> destinationNames) {
    private static final EgressPolicyFilter ALL = new EgressPolicyFilter(Set.of(), Set.of(), Set.of(), Set.of());

    public EgressPolicyFilter {
        sourceIds = Set.copyOf(sourceIds);
        sourceTypes = Set.copyOf(sourceTypes);
        destinationIds = Set.copyOf(destinationIds);
        destinationNames = Set.copyOf(destinationNames);
    }

    public static EgressPolicyFilter all() {
        return ALL;
    }

    boolean matches(EgressPolicyRecord policy, String destinationName) {
        return within(sourceIds, policy.spec().sourceId()) && within(sourceTypes, policy.spec().sourceType())
                && within(destinationIds, policy.spec().destinationId()) && within(destinationNames, destinationName);
    }

    private static boolean within(Set<String> wanted, String value) {
        return wanted.isEmpty() || wanted.contains(value);
    }
}
