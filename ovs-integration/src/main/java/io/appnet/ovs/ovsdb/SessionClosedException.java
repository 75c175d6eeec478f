package io.appnet.ovs.ovsdb;

/** The session ended before the request's reply came; the message is the reason it closed. */
public final class SessionClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionClosedException(String reason) {
        super(reason);
    }
}
