package io.appnet.openflow.codec;

import io.appnet.openflow.message.OfType;
import io.appnet.openflow.message.PortReason;
import io.appnet.openflow.message.PortStatus;
import io.netty.buffer.ByteBuf;

/** PORT_STATUS ({@code struct ofp_port_status}: reason, 7 pad bytes, {@code struct ofp_port}). */
final class PortStatusCodec implements BodyCodec<PortStatus> {
    @Override
    public OfType type() {
        return OfType.PORT_STATUS;
    }

    @Override
    public Class<PortStatus> messageClass() {
        return PortStatus.class;
    }

    @Override
    public void encodeBody(PortStatus message, ByteBuf out) {
        out.writeByte(message.reason().code());
        out.writeZero(7);
        PortDescriptionCodec.encode(message.port(), out);
    }

    @Override
    public PortStatus decodeBody(OfHeader header, ByteBuf body) {
        PortReason reason = PortReason.fromCode(body.readUnsignedByte());
        body.skipBytes(7);
        return new PortStatus(header.xid(), reason, PortDescriptionCodec.decode(body));
    }
}
