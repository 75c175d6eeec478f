package io.appnet.openflow.message;

/** FEATURES_REPLY ({@code struct ofp_switch_features}). */
public record FeaturesReply(int xid, long datapathId, long nBuffers, int nTables, int auxiliaryId, long capabilities)
        implements OfMessage {
    @Override
    public OfType type() {
        return OfType.FEATURES_REPLY;
    }
}
