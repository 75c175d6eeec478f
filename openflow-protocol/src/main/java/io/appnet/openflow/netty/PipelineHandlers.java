package io.appnet.openflow.netty;

/** Names of the handlers in an OpenFlow channel's pipeline, in order from the socket inwards. */
public enum PipelineHandlers {
    /** TLS (only when the listener has TLS): the handshake, then decryption and encryption. */
    TLS,
    /**
     * Flushes once for the messages written one after another (a bundle's open, its adds and a barrier), so they go
     * out in one write and, under TLS, one record: one read and one wake-up for the switch instead of one each.
     */
    FLUSH_CONSOLIDATION,
    /** Cuts the byte stream into whole messages using the header's length field. */
    FRAME_DECODER,
    /** Turns one frame into an {@link io.appnet.openflow.message.OfMessage}. */
    MESSAGE_DECODER,
    /** Turns an outgoing message into bytes. */
    MESSAGE_ENCODER,
    /** Fires an idle event when the peer has been silent for the echo interval. */
    IDLE_STATE,
    /** Handshake, keepalive, request/reply matching: the {@link io.appnet.openflow.connection.OfConnection}. */
    CONNECTION
}
