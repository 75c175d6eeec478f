package io.appnet.openflow.codec;

import io.appnet.openflow.message.ControllerRole;
import io.appnet.openflow.message.OfType;
import io.appnet.openflow.message.RoleReply;
import io.appnet.openflow.message.RoleRequest;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** ROLE_REQUEST and ROLE_REPLY ({@code struct ofp_role_request}: role, 4 pad bytes, generation id). */
final class RoleCodecs {
    private RoleCodecs() {
    }

    static List<BodyCodec<?>> all() {
        return List.of(
                BasicCodecs.of(OfType.ROLE_REQUEST, RoleRequest.class,
                        (m, out) -> write(m.role(), m.generationId(), out),
                        (h, in) -> new RoleRequest(h.xid(), readRole(in), readGeneration(in))),
                BasicCodecs.of(OfType.ROLE_REPLY, RoleReply.class,
                        (m, out) -> write(m.role(), m.generationId(), out),
                        (h, in) -> new RoleReply(h.xid(), readRole(in), readGeneration(in))));
    }

    private static void write(ControllerRole role, long generationId, ByteBuf out) {
        out.writeInt(role.code());
        out.writeZero(4);
        out.writeLong(generationId);
    }

    private static ControllerRole readRole(ByteBuf in) {
        ControllerRole role = ControllerRole.fromCode(in.readUnsignedInt());
        in.skipBytes(4);
        return role;
    }

    private static long readGeneration(ByteBuf in) {
        return in.readLong();
    }
}
