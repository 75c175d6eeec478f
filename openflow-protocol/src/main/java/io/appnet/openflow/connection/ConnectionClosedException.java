package io.appnet.openflow.connection;

/** A request could not complete because its connection closed first. */
public final class ConnectionClosedException extends RuntimeException {
    public ConnectionClosedException(String reason) {
        super("connection closed: " + reason);
    }
}
