package io.appnet.compiler.model;

/**
 * "App (or every app of a group) may open connections to the destination": Cloud Foundry's egress policy,
 * a space being an appnet group. Its {@code app_lifecycle} is the controller's, not the compiler's.
 */
public record EgressPolicy(PolicyId id, Source source, String destination) {

    /** Who may connect: one app, or the members of a group at the time of compilation. */
    public sealed interface Source {
    }

    public record AppSource(AppId app) implements Source {
        @Override
        public String toString() {
            return "app " + app;
        }
    }

    public record GroupSource(GroupName group) implements Source {
        @Override
        public String toString() {
            return "group " + group;
        }
    }
}
