package io.appnet.openflow.codec;

/**
 * Bytes from a peer that are not a valid OpenFlow 1.3 message. The message says what was wrong, in a form fit
 * for the log line that ends the connection.
 */
public final class OfDecodeException extends RuntimeException {
    public OfDecodeException(String message) {
        super(message);
    }

    public OfDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
