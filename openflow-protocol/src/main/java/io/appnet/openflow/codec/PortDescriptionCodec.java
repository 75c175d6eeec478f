package io.appnet.openflow.codec;

import io.appnet.openflow.message.MacAddress;
import io.appnet.openflow.message.PortDescription;
import io.netty.buffer.ByteBuf;

/** {@code struct ofp_port} (64 bytes), shared by PORT_STATUS and the PORT_DESC multipart reply. */
final class PortDescriptionCodec {
    static final int LENGTH = 64;
    private static final int NAME_WIDTH = 16;

    private PortDescriptionCodec() {
    }

    static void encode(PortDescription port, ByteBuf out) {
        out.writeInt((int) port.portNo());
        out.writeZero(4);
        out.writeBytes(port.hwAddr().toBytes());
        out.writeZero(2);
        Wire.writeFixedString(out, port.name(), NAME_WIDTH);
        out.writeInt(port.config());
        out.writeInt(port.state());
        out.writeInt(port.curr());
        out.writeInt(port.advertised());
        out.writeInt(port.supported());
        out.writeInt(port.peer());
        out.writeInt((int) port.currSpeed());
        out.writeInt((int) port.maxSpeed());
    }

    static PortDescription decode(ByteBuf in) {
        long portNo = in.readUnsignedInt();
        in.skipBytes(4);
        MacAddress hwAddr = Wire.readMac(in);
        in.skipBytes(2);
        // Like Open vSwitch, read at most 15 bytes: the 16th is the terminator even when a peer forgot it.
        String name = Wire.readFixedString(in.readSlice(NAME_WIDTH), PortDescription.MAX_NAME_BYTES);
        return new PortDescription(portNo, hwAddr, name, in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt(), in.readInt(), in.readUnsignedInt(), in.readUnsignedInt());
    }
}
