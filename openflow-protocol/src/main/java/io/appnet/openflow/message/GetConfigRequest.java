package io.appnet.openflow.message;

/** GET_CONFIG_REQUEST: asks for the switch's {@link SwitchConfig}. */
public record GetConfigRequest(int xid) implements OfMessage {
    @Override
    public OfType type() {
        return OfType.GET_CONFIG_REQUEST;
    }
}
