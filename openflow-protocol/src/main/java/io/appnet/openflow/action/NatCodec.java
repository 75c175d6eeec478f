package io.appnet.openflow.action;

import io.appnet.openflow.codec.OfDecodeException;
import io.netty.buffer.ByteBuf;

/**
 * NXAST_NAT ({@code struct nx_action_nat}, 16 bytes): 2 zero bytes, flags, range_present; then, in this order,
 * the range parts that range_present announces (IPv4 min/max 4 bytes each, IPv6 min/max 16, port min/max 2), then
 * zeros to a multiple of 8.
 */
final class NatCodec {
    private static final int FIXED_LENGTH = 16;

    private static final int F_SRC = 1;
    private static final int F_DST = 1 << 1;
    private static final int F_PERSISTENT = 1 << 2;
    private static final int F_PROTO_HASH = 1 << 3;
    private static final int F_PROTO_RANDOM = 1 << 4;
    private static final int F_MASK = F_SRC | F_DST | F_PERSISTENT | F_PROTO_HASH | F_PROTO_RANDOM;

    private static final int RANGE_IPV4_MIN = 1;
    private static final int RANGE_IPV4_MAX = 1 << 1;
    private static final int RANGE_IPV6_MIN = 1 << 2;
    private static final int RANGE_IPV6_MAX = 1 << 3;
    private static final int RANGE_PROTO_MIN = 1 << 4;
    private static final int RANGE_PROTO_MAX = 1 << 5;

    private NatCodec() {
    }

    /** Null for IPv6 ranges, which we do not model. */
    static Nat decode(ByteBuf action) {
        int length = action.readableBytes();
        if (length < FIXED_LENGTH) {
            throw new OfDecodeException("nat action of " + length + " bytes is shorter than its 16-byte header");
        }
        int flags = action.getUnsignedShort(12);
        int present = action.getUnsignedShort(14);
        if ((flags & ~F_MASK) != 0) {
            throw new OfDecodeException(String.format("nat flags 0x%x have unknown bits", flags));
        }
        if ((flags & F_SRC) != 0 && (flags & F_DST) != 0) {
            throw new OfDecodeException("nat is both src and dst");
        }
        if ((present & (RANGE_IPV6_MIN | RANGE_IPV6_MAX)) != 0) {
            return null;
        }
        int position = FIXED_LENGTH;
        long addressMin = 0;
        long addressMax = 0;
        int portMin = 0;
        int portMax = 0;
        if ((present & RANGE_IPV4_MIN) != 0) {
            addressMin = readUnsigned(action, position, 4);
            position += 4;
        }
        if ((present & RANGE_IPV4_MAX) != 0) {
            addressMax = readUnsigned(action, position, 4);
            position += 4;
        }
        if ((present & RANGE_PROTO_MIN) != 0) {
            portMin = (int) readUnsigned(action, position, 2);
            position += 2;
        }
        if ((present & RANGE_PROTO_MAX) != 0) {
            portMax = (int) readUnsigned(action, position, 2);
            position += 2;
        }
        if ((present & RANGE_IPV4_MIN) != 0 && addressMin == 0
                || (present & RANGE_PROTO_MIN) != 0 && portMin == 0) {
            throw new OfDecodeException("nat announces a range minimum of 0");
        }
        if ((present & RANGE_IPV4_MAX) != 0 && (present & RANGE_IPV4_MIN) == 0
                || (present & RANGE_PROTO_MAX) != 0 && (present & RANGE_PROTO_MIN) == 0) {
            throw new OfDecodeException("nat announces a range maximum without its minimum");
        }
        Nat.Mode mode = (flags & F_SRC) != 0 ? Nat.Mode.SRC : (flags & F_DST) != 0 ? Nat.Mode.DST : Nat.Mode.REVERSE;
        return new Nat(mode, addressMin, addressMax, portMin, portMax, (flags & F_PERSISTENT) != 0,
                (flags & F_PROTO_HASH) != 0, (flags & F_PROTO_RANDOM) != 0);
    }

    private static long readUnsigned(ByteBuf action, int position, int bytes) {
        if (position + bytes > action.readableBytes()) {
            throw new OfDecodeException("nat range parts overrun the " + action.readableBytes() + "-byte action");
        }
        return bytes == 4 ? action.getUnsignedInt(position) : action.getUnsignedShort(position);
    }

    static void encode(Nat nat, ByteBuf out) {
        int start = NiciraActionCodec.writeHeader(out, NiciraActionCodec.NXAST_NAT);
        out.writeZero(2);
        int flags = (nat.mode() == Nat.Mode.SRC ? F_SRC : 0) | (nat.mode() == Nat.Mode.DST ? F_DST : 0)
                | (nat.persistent() ? F_PERSISTENT : 0) | (nat.hash() ? F_PROTO_HASH : 0)
                | (nat.random() ? F_PROTO_RANDOM : 0);
        out.writeShort(flags);
        int presentIndex = out.writerIndex();
        out.writeShort(0);
        int present = 0;
        if (nat.addressMin() != 0) {
            out.writeInt((int) nat.addressMin());
            present |= RANGE_IPV4_MIN;
        }
        if (nat.addressMax() != 0) {
            out.writeInt((int) nat.addressMax());
            present |= RANGE_IPV4_MAX;
        }
        if (nat.portMin() != 0) {
            out.writeShort(nat.portMin());
            present |= RANGE_PROTO_MIN;
        }
        if (nat.portMax() != 0) {
            out.writeShort(nat.portMax());
            present |= RANGE_PROTO_MAX;
        }
        out.setShort(presentIndex, present);
        StandardActionCodec.padAndPatchLength(out, start);
    }
}
