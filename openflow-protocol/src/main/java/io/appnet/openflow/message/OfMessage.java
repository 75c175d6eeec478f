package io.appnet.openflow.message;

/**
 * One OpenFlow 1.3 message, version independent of its wire bytes. Every message is an immutable record
 * whose first component is the transaction id; {@link io.appnet.openflow.codec.OfMessageCodec} turns it into
 * bytes and back.
 */
public interface OfMessage {
    /** Transaction id from the OpenFlow header. */
    int xid();

    /** The header's message type. */
    OfType type();
}
