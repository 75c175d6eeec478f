package io.appnet.openflow.codec;

import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.MacAddress;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Small reading and writing steps shared by the body codecs. */
final class Wire {
    private Wire() {
    }

    static int padTo8(int length) {
        return (length + 7) & ~7;
    }

    /** A slice of {@code length} bytes, or a clear error when fewer remain. */
    static ByteBuf slice(ByteBuf in, int length, String what) {
        if (length < 0 || length > in.readableBytes()) {
            throw new OfDecodeException(what + " claims " + length + " bytes but " + in.readableBytes() + " remain");
        }
        return in.readSlice(length);
    }

    static Bytes readBytes(ByteBuf in, int length) {
        byte[] data = new byte[length];
        in.readBytes(data);
        return Bytes.of(data);
    }

    static MacAddress readMac(ByteBuf in) {
        byte[] mac = new byte[6];
        in.readBytes(mac);
        return MacAddress.fromBytes(mac);
    }

    /** A NUL-padded fixed-width string field; text after the first NUL is ignored. */
    static String readFixedString(ByteBuf in, int width) {
        ByteBuf field = in.readSlice(width);
        int end = field.indexOf(field.readerIndex(), field.writerIndex(), (byte) 0);
        int length = (end < 0 ? field.writerIndex() : end) - field.readerIndex();
        return field.toString(field.readerIndex(), length, StandardCharsets.UTF_8);
    }

    static void writeFixedString(ByteBuf out, String text, int width) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(bytes);
        out.writeZero(width - bytes.length);
    }
}
