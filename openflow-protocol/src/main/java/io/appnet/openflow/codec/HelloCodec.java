package io.appnet.openflow.codec;

import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.OfType;
import io.netty.buffer.ByteBuf;

/** HELLO with its optional elements; only {@code OFPHET_VERSIONBITMAP} (type 1) carries meaning. */
final class HelloCodec implements BodyCodec<Hello> {
    private static final int VERSION_BITMAP = 1;

    @Override
    public OfType type() {
        return OfType.HELLO;
    }

    @Override
    public Class<Hello> messageClass() {
        return Hello.class;
    }

    @Override
    public void encodeBody(Hello hello, ByteBuf out) {
        if (hello.versionBitmap() == 0) {
            return;
        }
        boolean twoWords = (hello.versionBitmap() >>> 32) != 0;
        int length = 4 + (twoWords ? 8 : 4);
        out.writeShort(VERSION_BITMAP);
        out.writeShort(length);
        out.writeInt((int) hello.versionBitmap());
        if (twoWords) {
            out.writeInt((int) (hello.versionBitmap() >>> 32));
        }
        out.writeZero(padTo8(length) - length);
    }

    @Override
    public Hello decodeBody(OfHeader header, ByteBuf body) {
        long bitmap = 0;
        while (body.readableBytes() >= 4) {
            int type = body.readUnsignedShort();
            int length = body.readUnsignedShort();
            if (length < 4 || length - 4 > body.readableBytes()) {
                throw new OfDecodeException("HELLO element of type " + type + " has bad length " + length);
            }
            ByteBuf element = body.readSlice(length - 4);
            if (type == VERSION_BITMAP) {
                for (int word = 0; element.readableBytes() >= 4 && word < 2; word++) {
                    bitmap |= element.readUnsignedInt() << (32 * word);
                }
            }
            body.skipBytes(Math.min(body.readableBytes(), padTo8(length) - length));
        }
        return new Hello(header.xid(), header.version(), bitmap);
    }

    private static int padTo8(int length) {
        return (length + 7) & ~7;
    }
}
