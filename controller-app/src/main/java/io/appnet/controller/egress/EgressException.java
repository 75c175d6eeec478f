package io.appnet.controller.egress;

/**
 * A destination, egress policy or group request refused, nothing changed: the message says which field and why,
 * in Cloud Foundry policy-server's words where it has them. {@link #notFound()} when the request names a
 * destination or policy that does not exist.
 */
public final class EgressException extends RuntimeException {
    private final boolean notFound;

    public EgressException(String message) {
        this(message, false);
    }

    private EgressException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    public static EgressException notFound(String message) {
        return new EgressException(message, true);
    }

    public boolean notFound() {
        return notFound;
    }
}
