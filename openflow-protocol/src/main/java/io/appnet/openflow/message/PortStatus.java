package io.appnet.openflow.message;

import java.util.Objects;

/** PORT_STATUS: a port was added, removed or changed. */
public record PortStatus(int xid, PortReason reason, PortDescription port) implements OfMessage {
    public PortStatus {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(port, "port");
    }

    @Override
    public OfType type() {
        return OfType.PORT_STATUS;
    }
}
