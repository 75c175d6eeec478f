package io.appnet.openflow.message;

/** ECHO_REPLY. */
public record EchoReply(int xid, Bytes payload) implements OfMessage {
    @Override
    public OfType type() {
        return OfType.ECHO_REPLY;
    }
}
