package io.appnet.openflow.message;

/** BARRIER_REQUEST: the switch replies once every earlier message has been processed. */
public record BarrierRequest(int xid) implements OfMessage {
    @Override
    public OfType type() {
        return OfType.BARRIER_REQUEST;
    }
}
