package io.appnet.openflow.codec;

import io.appnet.openflow.action.Actions;
import io.appnet.openflow.message.OfType;
import io.appnet.openflow.message.PacketIn;
import io.appnet.openflow.message.PacketInReason;
import io.appnet.openflow.message.PacketOut;
import io.appnet.openflow.match.Match;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * PACKET_IN of OpenFlow 1.3 (buffer id, total length, reason, table, cookie, match, 2 pad bytes, frame) and
 * PACKET_OUT (buffer id, in_port, actions length, 6 pad bytes, actions, frame).
 */
final class PacketCodecs {
    private static final int PACKET_IN_PAD = 2;

    private PacketCodecs() {
    }

    static List<BodyCodec<?>> all() {
        return List.of(
                BasicCodecs.of(OfType.PACKET_IN, PacketIn.class, PacketCodecs::encodeIn, PacketCodecs::decodeIn),
                BasicCodecs.of(OfType.PACKET_OUT, PacketOut.class, PacketCodecs::encodeOut, PacketCodecs::decodeOut));
    }

    private static void encodeIn(PacketIn m, ByteBuf out) {
        out.writeInt((int) m.bufferId());
        out.writeShort(m.totalLen());
        out.writeByte(m.reason().code());
        out.writeByte(m.tableId());
        out.writeLong(m.cookie());
        m.match().encode(out);
        out.writeZero(PACKET_IN_PAD); // puts the IP header of the frame on a 4-byte boundary
        BasicCodecs.writeBytes(out, m.data());
    }

    private static PacketIn decodeIn(OfHeader header, ByteBuf in) {
        long bufferId = in.readUnsignedInt();
        int totalLen = in.readUnsignedShort();
        PacketInReason reason = PacketInReason.fromCode(in.readUnsignedByte());
        int tableId = in.readUnsignedByte();
        long cookie = in.readLong();
        Match match = Match.decode(in);
        Wire.slice(in, PACKET_IN_PAD, "packet-in padding");
        return new PacketIn(header.xid(), bufferId, totalLen, reason, tableId, cookie, match,
                BasicCodecs.readRest(in));
    }

    private static void encodeOut(PacketOut m, ByteBuf out) {
        out.writeInt((int) m.bufferId());
        out.writeInt((int) m.inPort());
        int lengthAt = out.writerIndex();
        out.writeShort(0); // actions_len, patched below
        out.writeZero(6);
        int start = out.writerIndex();
        Actions.encode(m.actions(), out);
        int actionsLength = out.writerIndex() - start;
        if (actionsLength > 0xffff) {
            throw new IllegalArgumentException("packet-out actions of " + actionsLength + " bytes do not fit");
        }
        out.setShort(lengthAt, actionsLength);
        BasicCodecs.writeBytes(out, m.data());
    }

    private static PacketOut decodeOut(OfHeader header, ByteBuf in) {
        long bufferId = in.readUnsignedInt();
        long inPort = in.readUnsignedInt();
        int actionsLength = in.readUnsignedShort();
        in.skipBytes(6);
        ByteBuf actions = Wire.slice(in, actionsLength, "packet-out actions");
        return new PacketOut(header.xid(), bufferId, inPort, Actions.decode(actions, actionsLength),
                BasicCodecs.readRest(in));
    }
}
