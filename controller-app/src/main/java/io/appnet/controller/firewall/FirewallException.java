package io.appnet.controller.firewall;

/**
 * A firewall request refused, nothing changed: the message names the field and why. {@link #notFound()} when it
 * names a firewall that is not registered.
 */
public final class FirewallException extends RuntimeException {
    private final boolean notFound;

    public FirewallException(String message) {
        this(message, false);
    }

    private FirewallException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    public static FirewallException notFound(String name) {
        return new FirewallException("firewall '" + name + "' is not registered", true);
    }

    public boolean notFound() {
        return notFound;
    }
}
