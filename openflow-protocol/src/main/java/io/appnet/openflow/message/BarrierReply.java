package io.appnet.openflow.message;

/** BARRIER_REPLY. */
public record BarrierReply(int xid) implements OfMessage {
    @Override
    public OfType type() {
        return OfType.BARRIER_REPLY;
    }
}
