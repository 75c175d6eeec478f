package io.appnet.controller.policy;

/**
 * A policy request that is refused as a whole. The message is the one every front end shows, worded like
 * Cloud Foundry's policy-server (e.g. {@code missing source id}) so that its clients recognise it.
 * {@link #notFound()} when the request names a group or group policy that does not exist.
 */
public final class PolicyException extends RuntimeException {
    private final boolean notFound;

    public PolicyException(String message) {
        this(message, false);
    }

    private PolicyException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    public static PolicyException notFound(String message) {
        return new PolicyException(message, true);
    }

    public boolean notFound() {
        return notFound;
    }
}
