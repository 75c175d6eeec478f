package io.appnet.openflow.message;

/** FEATURES_REQUEST: asks the switch for its datapath id. */
public record FeaturesRequest(int xid) implements OfMessage {
    @Override
    public OfType type() {
        return OfType.FEATURES_REQUEST;
    }
}
