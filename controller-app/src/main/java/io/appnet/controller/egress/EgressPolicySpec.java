package io.appnet.controller.egress;

import java.util.Set;

/**
 * Cloud Foundry's egress policy as a client names it: the source ({@code app} and an app GUID, or {@code space} and
 * a group id: there is no Cloud Controller, so a space is an appnet group), the destination's id and the
 * {@code app_lifecycle} (running, staging or all), which is stored and echoed: every instance is compiled the same.
 */
public record EgressPolicySpec(String sourceType, String sourceId, String destinationId, String appLifecycle) {
    public static final String APP = "app";
    public static final String SPACE = "space";
    private static final Set<String> LIFECYCLES = Set.of("running", "staging", "all");

    /** Checks in policy-server's order and with its messages; a missing type is app, a missing lifecycle all. */
    public EgressPolicySpec {
        sourceType = sourceType == null || sourceType.isEmpty() ? APP : sourceType;
        appLifecycle = appLifecycle == null ? "all" : appLifecycle;
        if (sourceId == null || sourceId.isEmpty()) {
            throw new EgressException("missing egress source ID");
        }
        if (!sourceType.equals(APP) && !sourceType.equals(SPACE)) {
            throw new EgressException("source type must be app or space");
        }
        if (destinationId == null || destinationId.isEmpty()) {
            throw new EgressException("missing egress destination id");
        }
        if (!LIFECYCLES.contains(appLifecycle)) {
            throw new EgressException("app lifecycle must be 'running', 'staging', or 'all'");
        }
    }
}
