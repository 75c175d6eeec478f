package io.appnet.openflow.message;

/**
 * A well-formed OpenFlow 1.3 message of a type this codec does not model (FLOW_REMOVED, GROUP_MOD, METER_MOD,
 * async config...). Kept opaque so that a switch sending one is not disconnected for it.
 */
public record UnparsedMessage(int xid, OfType type, Bytes body) implements OfMessage {
    @Override
    public OfType type() {
        return type;
    }
}
