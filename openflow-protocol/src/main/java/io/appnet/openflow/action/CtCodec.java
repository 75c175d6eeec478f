package io.appnet.openflow.action;

import io.appnet.openflow.codec.OfDecodeException;
import io.appnet.openflow.match.OxmField;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * NXAST_CT ({@code struct nx_action_conntrack}, 24 bytes): flags, zone_src (an NXM header, 0 for an immediate
 * zone), zone_ofs_nbits or zone_imm, recirc_table, 3 pad bytes, alg; then the nested actions, covered by the
 * action's length.
 */
final class CtCodec {
    private static final int FIXED_LENGTH = 24;
    private static final int FLAG_COMMIT = 1;
    private static final int FLAG_FORCE = 2;

    private CtCodec() {
    }

    /** Null when the action uses flags or a zone field that we do not model. */
    static Ct decode(ByteBuf action) {
        int length = action.readableBytes();
        if (length < FIXED_LENGTH) {
            throw new OfDecodeException("ct action of " + length + " bytes is shorter than its 24-byte header");
        }
        int flags = action.getUnsignedShort(10);
        long zoneSource = action.getUnsignedInt(12);
        int zoneValue = action.getUnsignedShort(16);
        int recircTable = action.getUnsignedByte(18);
        int alg = action.getUnsignedShort(22);
        ByteBuf nested = action.slice(FIXED_LENGTH, length - FIXED_LENGTH);
        List<Action> actions = ActionListCodec.decode(nested, nested.readableBytes(), ActionListCodec.Scope.CT);
        if ((flags & ~(FLAG_COMMIT | FLAG_FORCE)) != 0) {
            return null;
        }
        CtZone zone;
        if (zoneSource == 0) {
            zone = CtZone.of(zoneValue);
        } else {
            OxmField field = MoveCodec.fieldOf(zoneSource);
            if (field == null) {
                return null;
            }
            int offset = zoneValue >>> 6;
            int bits = (zoneValue & 0x3f) + 1;
            zone = CtZone.from(new Subfield(field, offset, bits));
        }
        return new Ct((flags & FLAG_COMMIT) != 0, (flags & FLAG_FORCE) != 0, zone, recircTable, alg, actions);
    }

    static void encode(Ct ct, ByteBuf out) {
        int start = NiciraActionCodec.writeHeader(out, NiciraActionCodec.NXAST_CT);
        out.writeShort((ct.commit() ? FLAG_COMMIT : 0) | (ct.force() ? FLAG_FORCE : 0));
        if (ct.zone() instanceof CtZone.FromField f) {
            out.writeInt(f.source().field().nxmHeader());
            out.writeShort((f.source().offset() << 6) | (f.source().bits() - 1));
        } else {
            out.writeInt(0);
            out.writeShort(((CtZone.Immediate) ct.zone()).zone());
        }
        out.writeByte(ct.recircTable());
        out.writeZero(3);
        out.writeShort(ct.alg());
        ActionListCodec.encode(ct.actions(), out, ActionListCodec.Scope.CT);
        StandardActionCodec.padAndPatchLength(out, start);
    }
}
