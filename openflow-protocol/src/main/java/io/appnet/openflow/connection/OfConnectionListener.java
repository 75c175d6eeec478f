package io.appnet.openflow.connection;

import io.appnet.openflow.message.OfMessage;

/**
 * Receives the life cycle of switch connections. Called on the connection's event loop thread: return
 * quickly and never block.
 */
public interface OfConnectionListener {
    /** The handshake finished: the connection knows its datapath id. */
    void connected(OfConnection connection);

    /**
     * The connection closed. Called once, only for connections that were announced by {@link #connected}.
     */
    void disconnected(OfConnection connection, String reason);

    /** A message from an established switch that answers no pending request (PACKET_IN, PORT_STATUS, ERROR...). */
    void message(OfConnection connection, OfMessage message);
}
