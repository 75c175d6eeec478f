package io.appnet.openflow.message;

import java.util.Objects;

/** SET_CONFIG: sets fragment handling and miss_send_len; the switch answers only with an error. */
public record SetConfig(int xid, SwitchConfig config) implements OfMessage {
    public SetConfig {
        Objects.requireNonNull(config, "config");
    }

    @Override
    public OfType type() {
        return OfType.SET_CONFIG;
    }
}
