package io.appnet.openflow.message;

/** ECHO_REQUEST; the peer answers with an {@link EchoReply} carrying the same xid and payload. */
public record EchoRequest(int xid, Bytes payload) implements OfMessage {
    @Override
    public OfType type() {
        return OfType.ECHO_REQUEST;
    }
}
