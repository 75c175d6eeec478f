package io.appnet.openflow.message;

import java.util.Objects;

/** GET_CONFIG_REPLY. */
public record GetConfigReply(int xid, SwitchConfig config) implements OfMessage {
    public GetConfigReply {
        Objects.requireNonNull(config, "config");
    }

    @Override
    public OfType type() {
        return OfType.GET_CONFIG_REPLY;
    }
}
