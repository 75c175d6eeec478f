package io.appnet.controller.policy;

import java.util.Optional;

/**
 * The compiler's group policies go from a group to a group, so a group -> app policy names a one-member group of
 * the controller's own, {@code app:<guid>}: created with the first such policy to the app, removed with the last,
 * stored like other groups, never listed. Ids and names of operators' groups may not start with {@value #PREFIX}.
 */
public final class AppGroups {
    public static final String PREFIX = "app:";

    private AppGroups() {
    }

    public static String of(String appGuid) {
        return PREFIX + appGuid;
    }

    /** The app of a one-member group, or empty for an operator's group. */
    public static Optional<String> app(String groupId) {
        return groupId.startsWith(PREFIX) ? Optional.of(groupId.substring(PREFIX.length())) : Optional.empty();
    }
}
