package io.appnet.controller.store;

import java.util.Set;

/**
 * An egress policy row: its ID (from the same space as app-to-app policies), the source ({@code app} and an app
 * GUID, or {@code space} and a group id), the destination's id and Cloud Foundry's {@code app_lifecycle}.
 */
public record StoredEgressPolicy(long id, String sourceType, String sourceId, String destinationId,
                                 String appLifecycle) {
    private static final Set<String> SOURCE_TYPES = Set.of("app", "space");

    public StoredEgressPolicy {
        StoreFields.policyId(id);
        if (!SOURCE_TYPES.contains(sourceType)) {
            throw new IllegalArgumentException("egress policy source type '" + sourceType + "' is not app or space");
        }
        StoreFields.present("egress policy source id", sourceId);
        StoreFields.present("egress policy destination id", destinationId);
        StoreFields.present("app lifecycle", appLifecycle);
    }
}
