package io.appnet.openflow.connection;

/** A request's last reply did not arrive within the connection's request timeout; the connection stays up. */
public final class RequestTimeoutException extends RuntimeException {
    public RequestTimeoutException(String what, long millis) {
        super("no reply to " + what + " within " + millis + " ms");
    }
}
