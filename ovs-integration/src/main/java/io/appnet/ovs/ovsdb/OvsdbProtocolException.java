package io.appnet.ovs.ovsdb;

/**
 * A host sent something that breaks RFC 7047 or what our monitor asked for: invalid JSON, a wrong shape, an
 * unknown method, an update to a row it never announced. The session that received it is closed with this
 * message as the reason.
 */
public final class OvsdbProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OvsdbProtocolException(String message) {
        super(message);
    }

    public OvsdbProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
