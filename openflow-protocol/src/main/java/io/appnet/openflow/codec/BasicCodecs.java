package io.appnet.openflow.codec;

import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.FeaturesRequest;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfType;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** Codecs of the small fixed-layout messages of the handshake and keepalive. */
final class BasicCodecs {
    private BasicCodecs() {
    }

    static List<BodyCodec<?>> all() {
        return List.of(
                of(OfType.ECHO_REQUEST, EchoRequest.class,
                        (m, out) -> writeBytes(out, m.payload()), (h, in) -> new EchoRequest(h.xid(), readRest(in))),
                of(OfType.ECHO_REPLY, EchoReply.class,
                        (m, out) -> writeBytes(out, m.payload()), (h, in) -> new EchoReply(h.xid(), readRest(in))),
                of(OfType.FEATURES_REQUEST, FeaturesRequest.class,
                        (m, out) -> { }, (h, in) -> new FeaturesRequest(h.xid())),
                of(OfType.FEATURES_REPLY, FeaturesReply.class, BasicCodecs::encodeFeatures, BasicCodecs::decodeFeatures),
                of(OfType.BARRIER_REQUEST, BarrierRequest.class,
                        (m, out) -> { }, (h, in) -> new BarrierRequest(h.xid())),
                of(OfType.BARRIER_REPLY, BarrierReply.class,
                        (m, out) -> { }, (h, in) -> new BarrierReply(h.xid())),
                of(OfType.ERROR, ErrorMessage.class, (m, out) -> {
                    out.writeShort(m.errorType());
                    out.writeShort(m.errorCode());
                    writeBytes(out, m.data());
                }, (h, in) -> new ErrorMessage(h.xid(), in.readUnsignedShort(), in.readUnsignedShort(), readRest(in))));
    }

    private static void encodeFeatures(FeaturesReply m, ByteBuf out) {
        out.writeLong(m.datapathId());
        out.writeInt((int) m.nBuffers());
        out.writeByte(m.nTables());
        out.writeByte(m.auxiliaryId());
        out.writeZero(2);
        out.writeInt((int) m.capabilities());
        out.writeInt(0); // reserved
    }

    private static FeaturesReply decodeFeatures(OfHeader h, ByteBuf in) {
        long dpid = in.readLong();
        long nBuffers = in.readUnsignedInt();
        int nTables = in.readUnsignedByte();
        int auxiliaryId = in.readUnsignedByte();
        in.skipBytes(2);
        long capabilities = in.readUnsignedInt();
        in.skipBytes(4);
        return new FeaturesReply(h.xid(), dpid, nBuffers, nTables, auxiliaryId, capabilities);
    }

    static Bytes readRest(ByteBuf in) {
        byte[] data = new byte[in.readableBytes()];
        in.readBytes(data);
        return Bytes.of(data);
    }

    static void writeBytes(ByteBuf out, Bytes bytes) {
        out.writeBytes(bytes.toArray());
    }

    static <T extends OfMessage> BodyCodec<T> of(OfType type, Class<T> cls, BiConsumer<T, ByteBuf> encoder,
            BiFunction<OfHeader, ByteBuf, T> decoder) {
        return new BodyCodec<>() {
            @Override
            public OfType type() {
                return type;
            }

            @Override
            public Class<T> messageClass() {
                return cls;
            }

            @Override
            public void encodeBody(T message, ByteBuf out) {
                encoder.accept(message, out);
            }

            @Override
            public T decodeBody(OfHeader header, ByteBuf body) {
                return decoder.apply(header, body);
            }
        };
    }
}
