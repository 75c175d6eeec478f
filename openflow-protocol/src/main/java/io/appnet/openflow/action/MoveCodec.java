package io.appnet.openflow.action;

import io.appnet.openflow.codec.OfDecodeException;
import io.appnet.openflow.match.OxmClass;
import io.appnet.openflow.match.OxmField;
import io.netty.buffer.ByteBuf;

/**
 * NXAST_REG_MOVE ({@code struct nx_action_reg_move}): n_bits, src_ofs, dst_ofs, then the source and destination
 * NXM/OXM headers (4 bytes, 8 for the experimenter class), then zeros to a multiple of 8. Also the field headers
 * that NXAST_CT uses for its zone.
 */
final class MoveCodec {
    private static final int FIXED_LENGTH = 16;

    private MoveCodec() {
    }

    /** Null when either field is one we do not model. */
    static Move decode(ByteBuf action) {
        int length = action.readableBytes();
        if (length < FIXED_LENGTH + 8) {
            throw new OfDecodeException("move action of " + length + " bytes is too short for two field headers");
        }
        int nBits = action.getUnsignedShort(10);
        int srcOffset = action.getUnsignedShort(12);
        int dstOffset = action.getUnsignedShort(14);
        int position = FIXED_LENGTH;
        long srcHeader = readHeader(action, position);
        position += headerLength(srcHeader);
        if (position + 4 > length) {
            throw new OfDecodeException("move action ends before its destination field header");
        }
        long dstHeader = readHeader(action, position);
        position += headerLength(dstHeader);
        if (position > length) {
            throw new OfDecodeException("move action ends inside its destination field header");
        }
        for (int i = position; i < length; i++) {
            if (action.getByte(i) != 0) {
                throw new OfDecodeException("move padding after the field headers is not zero");
            }
        }
        OxmField src = fieldOf(srcHeader);
        OxmField dst = fieldOf(dstHeader);
        if (src == null || dst == null) {
            return null;
        }
        return new Move(new Subfield(src, srcOffset, nBits), new Subfield(dst, dstOffset, nBits));
    }

    /** The 32-bit header at {@code index}, or the 64-bit one of an experimenter field (when it fits). */
    private static long readHeader(ByteBuf action, int index) {
        long header = action.getUnsignedInt(index);
        if ((header >>> 16) == OxmClass.EXPERIMENTER) {
            if (index + 8 > action.readableBytes()) {
                throw new OfDecodeException("experimenter field header at offset " + index + " is truncated");
            }
            return action.getLong(index);
        }
        return header;
    }

    private static int headerLength(long header) {
        return (header >>> 32) != 0 ? 8 : 4;
    }

    /**
     * The field a 32-bit header names, by its NXM form (what Open vSwitch writes) or, when the widths agree, its
     * OXM form; null for experimenter headers and fields we do not model. A masked header is malformed here.
     */
    static OxmField fieldOf(long header) {
        if ((header >>> 32) != 0) {
            return null;
        }
        int h = (int) header;
        if ((h & 0x100) != 0) {
            throw new OfDecodeException(String.format("field header 0x%08x has the mask bit set", h));
        }
        int oxmClass = h >>> 16;
        int field = (h >>> 9) & 0x7f;
        int length = h & 0xff;
        OxmField byNxm = OxmField.byNxm(oxmClass, field);
        if (byNxm != null && byNxm.nxmHeader() == h) {
            return byNxm;
        }
        OxmField byOxm = OxmField.byOxm(oxmClass, field);
        if (byOxm != null && byOxm.length() == length) {
            // OXM_OF_IN_PORT is 32 bits where our subfields use the 16-bit NXM_OF_IN_PORT: keep it opaque.
            return byOxm.bits() == byOxm.nxmBits() ? byOxm : null;
        }
        if (byNxm != null || byOxm != null) {
            throw new OfDecodeException(String.format("field header 0x%08x has payload length %d, which does not "
                    + "match the field", h, length));
        }
        return null;
    }

    static void encode(Move move, ByteBuf out) {
        int start = NiciraActionCodec.writeHeader(out, NiciraActionCodec.NXAST_REG_MOVE);
        out.writeShort(move.src().bits());
        out.writeShort(move.src().offset());
        out.writeShort(move.dst().offset());
        out.writeInt(move.src().field().nxmHeader());
        out.writeInt(move.dst().field().nxmHeader());
        StandardActionCodec.padAndPatchLength(out, start);
    }
}
