package io.appnet.openflow.codec;

import io.appnet.openflow.action.Instructions;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.OfType;
import io.appnet.openflow.match.Match;
import io.netty.buffer.ByteBuf;

/** FLOW_MOD: the 40 fixed bytes of {@code struct ofp_flow_mod}, the match, the instructions. */
final class FlowModCodec implements BodyCodec<FlowMod> {
    @Override
    public OfType type() {
        return OfType.FLOW_MOD;
    }

    @Override
    public Class<FlowMod> messageClass() {
        return FlowMod.class;
    }

    @Override
    public void encodeBody(FlowMod m, ByteBuf out) {
        out.writeLong(m.cookie());
        out.writeLong(m.cookieMask());
        out.writeByte(m.tableId());
        out.writeByte(m.command().code());
        out.writeShort(m.idleTimeout());
        out.writeShort(m.hardTimeout());
        out.writeShort(m.priority());
        out.writeInt((int) m.bufferId());
        out.writeInt((int) m.outPort());
        out.writeInt((int) m.outGroup());
        out.writeShort(FlowModFlag.toBits(m.flags()));
        out.writeZero(2); // importance exists from OpenFlow 1.4 on
        m.match().encode(out);
        Instructions.encode(m.instructions(), out);
    }

    @Override
    public FlowMod decodeBody(OfHeader header, ByteBuf in) {
        long cookie = in.readLong();
        long cookieMask = in.readLong();
        int tableId = in.readUnsignedByte();
        FlowModCommand command = FlowModCommand.fromCode(in.readUnsignedByte());
        int idleTimeout = in.readUnsignedShort();
        int hardTimeout = in.readUnsignedShort();
        int priority = in.readUnsignedShort();
        long bufferId = in.readUnsignedInt();
        long outPort = in.readUnsignedInt();
        long outGroup = in.readUnsignedInt();
        int flags = in.readUnsignedShort();
        in.skipBytes(2);
        Match match = Match.decode(in);
        return new FlowMod(header.xid(), command, cookie, cookieMask, tableId, idleTimeout, hardTimeout, priority,
                bufferId, outPort, outGroup, FlowModFlag.fromBits(flags), match,
                Instructions.decode(in, in.readableBytes()));
    }
}
