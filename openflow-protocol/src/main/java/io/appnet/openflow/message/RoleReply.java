package io.appnet.openflow.message;

import java.util.Objects;

/** ROLE_REPLY: the role the switch now gives this connection, and the generation id it holds. */
public record RoleReply(int xid, ControllerRole role, long generationId) implements OfMessage {
    public RoleReply {
        Objects.requireNonNull(role, "role");
    }

    @Override
    public OfType type() {
        return OfType.ROLE_REPLY;
    }
}
