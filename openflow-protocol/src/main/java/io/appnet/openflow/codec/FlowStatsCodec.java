package io.appnet.openflow.codec;

import io.appnet.openflow.action.Instructions;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.match.Match;
import io.netty.buffer.ByteBuf;

/** One {@code struct ofp_flow_stats} of OpenFlow 1.3: 48 fixed bytes with its length first, match, instructions. */
final class FlowStatsCodec {
    private static final int FIXED_LENGTH = 48;

    private FlowStatsCodec() {
    }

    static void encode(FlowStats flow, ByteBuf out) {
        int start = out.writerIndex();
        out.writeShort(0); // length, patched below
        out.writeByte(flow.tableId());
        out.writeZero(1);
        out.writeInt((int) flow.durationSec());
        out.writeInt((int) flow.durationNsec());
        out.writeShort(flow.priority());
        out.writeShort(flow.idleTimeout());
        out.writeShort(flow.hardTimeout());
        out.writeShort(FlowModFlag.toBits(flow.flags()));
        out.writeZero(4); // importance exists from OpenFlow 1.4 on; then padding
        out.writeLong(flow.cookie());
        out.writeLong(flow.packetCount());
        out.writeLong(flow.byteCount());
        flow.match().encode(out);
        Instructions.encode(flow.instructions(), out);
        out.setShort(start, out.writerIndex() - start);
    }

    static FlowStats decode(ByteBuf in) {
        if (in.readableBytes() < FIXED_LENGTH) {
            throw new OfDecodeException("flow stats entry truncated to " + in.readableBytes() + " bytes");
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (length < FIXED_LENGTH) {
            throw new OfDecodeException("flow stats entry of length " + length + " is shorter than 48 bytes");
        }
        ByteBuf entry = Wire.slice(in, length, "flow stats entry");
        entry.skipBytes(2);
        int tableId = entry.readUnsignedByte();
        entry.skipBytes(1);
        long durationSec = entry.readUnsignedInt();
        long durationNsec = entry.readUnsignedInt();
        int priority = entry.readUnsignedShort();
        int idleTimeout = entry.readUnsignedShort();
        int hardTimeout = entry.readUnsignedShort();
        int flags = entry.readUnsignedShort();
        entry.skipBytes(4);
        long cookie = entry.readLong();
        long packetCount = entry.readLong();
        long byteCount = entry.readLong();
        Match match = Match.decode(entry);
        return new FlowStats(tableId, durationSec, durationNsec, priority, idleTimeout, hardTimeout,
                FlowModFlag.fromBits(flags), cookie, packetCount, byteCount, match,
                Instructions.decode(entry, entry.readableBytes()));
    }
}
