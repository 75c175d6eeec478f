package io.appnet.openflow.message;

import java.util.Objects;

/**
 * ROLE_REQUEST ({@code struct ofp_role_request}). For MASTER and SLAVE the switch rejects a
 * {@code generationId} older than the newest it has seen (compared as a wrapping 64-bit counter).
 */
public record RoleRequest(int xid, ControllerRole role, long generationId) implements OfMessage {
    public RoleRequest {
        Objects.requireNonNull(role, "role");
    }

    @Override
    public OfType type() {
        return OfType.ROLE_REQUEST;
    }
}
