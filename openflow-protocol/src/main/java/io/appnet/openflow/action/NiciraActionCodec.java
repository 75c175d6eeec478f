package io.appnet.openflow.action;

import io.appnet.openflow.codec.OfDecodeException;
import io.netty.buffer.ByteBuf;

/**
 * Nicira extension actions ({@code OFPAT_EXPERIMENTER}, experimenter 0x00002320): the common 10-byte header
 * (type, length, experimenter, 16-bit subtype) and the fixed-size resubmit and conjunction; reg_move, ct and nat
 * have their own codecs. Layouts from Open vSwitch {@code lib/ofp-actions.c}.
 */
final class NiciraActionCodec {
    static final long NX_VENDOR_ID = 0x00002320L;
    static final int NXAST_RESUBMIT = 1;
    static final int NXAST_REG_MOVE = 6;
    static final int NXAST_RESUBMIT_TABLE = 14;
    static final int NXAST_CONJUNCTION = 34;
    static final int NXAST_CT = 35;
    static final int NXAST_NAT = 36;
    static final int NXAST_RESUBMIT_TABLE_CT = 44;
    /** {@code struct ext_action_header}: type, len, vendor, subtype, pad[6]. */
    static final int EXT_HEADER_LENGTH = 16;
    private static final int RESUBMIT_LENGTH = 16;
    private static final int CONJUNCTION_LENGTH = 16;

    private NiciraActionCodec() {
    }

    /** Null for another experimenter or a subtype we do not model: the caller keeps those opaque. */
    static Action decode(ByteBuf action, ActionListCodec.Scope scope) {
        if (action.getUnsignedInt(4) != NX_VENDOR_ID) {
            return null;
        }
        if (action.readableBytes() < EXT_HEADER_LENGTH) {
            throw new OfDecodeException("Nicira action of " + action.readableBytes()
                    + " bytes is shorter than the 16-byte extension header");
        }
        int subtype = action.getUnsignedShort(8);
        return switch (subtype) {
            case NXAST_RESUBMIT, NXAST_RESUBMIT_TABLE, NXAST_RESUBMIT_TABLE_CT -> decodeResubmit(action, subtype);
            case NXAST_CONJUNCTION -> decodeConjunction(action);
            case NXAST_REG_MOVE -> MoveCodec.decode(action);
            case NXAST_CT -> {
                if (scope == ActionListCodec.Scope.CT) {
                    throw new OfDecodeException("ct cannot run inside ct");
                }
                yield CtCodec.decode(action);
            }
            case NXAST_NAT -> NatCodec.decode(action);
            default -> null;
        };
    }

    private static Resubmit decodeResubmit(ByteBuf action, int subtype) {
        StandardActionCodec.expectLength("resubmit", action.readableBytes(), RESUBMIT_LENGTH);
        long inPort = OfPorts.fromOf10(action.getUnsignedShort(10));
        if (subtype == NXAST_RESUBMIT) {
            // The original resubmit ignores the table byte and padding.
            return new Resubmit(inPort, Resubmit.CURRENT_TABLE, false);
        }
        if (action.getUnsignedMedium(13) != 0) {
            throw new OfDecodeException("resubmit padding is not zero");
        }
        return new Resubmit(inPort, action.getUnsignedByte(12), subtype == NXAST_RESUBMIT_TABLE_CT);
    }

    private static Conjunction decodeConjunction(ByteBuf action) {
        StandardActionCodec.expectLength("conjunction", action.readableBytes(), CONJUNCTION_LENGTH);
        int clause = action.getUnsignedByte(10);
        int nClauses = action.getUnsignedByte(11);
        if (nClauses < 2 || nClauses > 64 || clause >= nClauses) {
            throw new OfDecodeException("conjunction clause " + clause + " of " + nClauses
                    + " clauses: needs 2..64 clauses and a 0-based clause below their number");
        }
        return new Conjunction(action.getUnsignedInt(12), clause + 1, nClauses);
    }

    static void encode(Action action, ByteBuf out) {
        if (action instanceof Resubmit r) {
            int start = writeHeader(out, r.withCtOrig() ? NXAST_RESUBMIT_TABLE_CT : NXAST_RESUBMIT_TABLE);
            out.writeShort(OfPorts.toOf10(r.inPort()));
            out.writeByte(r.table());
            out.writeZero(3);
            StandardActionCodec.padAndPatchLength(out, start);
        } else if (action instanceof Conjunction c) {
            int start = writeHeader(out, NXAST_CONJUNCTION);
            out.writeByte(c.clause() - 1);
            out.writeByte(c.nClauses());
            out.writeInt((int) c.id());
            StandardActionCodec.padAndPatchLength(out, start);
        } else if (action instanceof Move m) {
            MoveCodec.encode(m, out);
        } else if (action instanceof Ct c) {
            CtCodec.encode(c, out);
        } else if (action instanceof Nat n) {
            NatCodec.encode(n, out);
        } else {
            throw new IllegalStateException("no encoder for " + action);
        }
    }

    /** Writes type, a length to patch, vendor and subtype; returns where the action starts. */
    static int writeHeader(ByteBuf out, int subtype) {
        int start = out.writerIndex();
        out.writeShort(ActionListCodec.OFPAT_EXPERIMENTER);
        out.writeShort(0);
        out.writeInt((int) NX_VENDOR_ID);
        out.writeShort(subtype);
        return start;
    }
}
