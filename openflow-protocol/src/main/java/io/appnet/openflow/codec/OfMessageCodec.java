package io.appnet.openflow.codec;

import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfType;
import io.appnet.openflow.message.OfVersion;
import io.appnet.openflow.message.UnparsedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns whole OpenFlow 1.3 messages into bytes and back, dispatching on the header type to one
 * {@link BodyCodec} per message type. Stateless and thread safe.
 */
public final class OfMessageCodec {
    private static final Map<OfType, BodyCodec<?>> BY_TYPE = new EnumMap<>(OfType.class);
    private static final Map<Class<?>, BodyCodec<?>> BY_CLASS = new HashMap<>();

    static {
        register(List.of(new HelloCodec()));
        register(BasicCodecs.all());
        register(MessageCodecs.all());
    }

    private OfMessageCodec() {
    }

    private static void register(List<? extends BodyCodec<?>> codecs) {
        for (BodyCodec<?> codec : codecs) {
            if (BY_TYPE.put(codec.type(), codec) != null) {
                throw new IllegalStateException("two codecs for " + codec.type());
            }
            for (Class<?> cls : encodedClasses(codec.messageClass())) {
                if (BY_CLASS.put(cls, codec) != null) {
                    throw new IllegalStateException("two codecs for " + cls.getSimpleName());
                }
            }
        }
    }

    /**
     * A codec whose message class is a sealed interface encodes each of its records: several records share
     * one wire type when the body says which one it is (EXPERIMENTER: bundle control, bundle add, others).
     */
    private static Class<?>[] encodedClasses(Class<?> messageClass) {
        return messageClass.isSealed() ? messageClass.getPermittedSubclasses() : new Class<?>[] {messageClass};
    }

    /** Appends the message, header included, to {@code out}. */
    @SuppressWarnings("unchecked")
    public static void encode(OfMessage message, ByteBuf out) {
        BodyCodec<OfMessage> codec = (BodyCodec<OfMessage>) BY_CLASS.get(message.getClass());
        if (codec == null && !(message instanceof UnparsedMessage)) {
            throw new IllegalArgumentException("no encoder for " + message.getClass().getSimpleName());
        }
        int start = out.writerIndex();
        out.writeByte(message instanceof Hello hello ? hello.headerVersion() : OfVersion.OF13);
        out.writeByte(message.type().code());
        out.writeShort(0); // patched below
        out.writeInt(message.xid());
        if (message instanceof UnparsedMessage unparsed) {
            BasicCodecs.writeBytes(out, unparsed.body());
        } else {
            codec.encodeBody(message, out);
        }
        int length = out.writerIndex() - start;
        if (length > OfVersion.MAX_MESSAGE_LENGTH) {
            out.writerIndex(start);
            throw new IllegalArgumentException(message.type() + " of " + length + " bytes exceeds the 65535-byte limit");
        }
        out.setShort(start + 2, length);
    }

    /** Decodes one whole message held in an array (an error's data, say), so that callers need no Netty buffer. */
    public static OfMessage decode(byte[] message) {
        return decode(Unpooled.wrappedBuffer(message));
    }

    /**
     * Decodes one message from a frame that holds exactly that message. Never throws anything but
     * {@link OfDecodeException}, whatever the bytes.
     */
    public static OfMessage decode(ByteBuf frame) {
        if (frame.readableBytes() < OfVersion.HEADER_LENGTH) {
            throw new OfDecodeException("frame of " + frame.readableBytes() + " bytes is shorter than a header");
        }
        int version = frame.readUnsignedByte();
        int typeCode = frame.readUnsignedByte();
        int length = frame.readUnsignedShort();
        int xid = frame.readInt();
        if (length != frame.readableBytes() + OfVersion.HEADER_LENGTH) {
            throw new OfDecodeException("header length " + length + " but frame holds "
                    + (frame.readableBytes() + OfVersion.HEADER_LENGTH) + " bytes");
        }
        OfType type = OfType.fromCode(typeCode);
        // HELLO and ERROR are read in any version: they are how version negotiation succeeds or fails.
        if (version != OfVersion.OF13 && type != OfType.HELLO && type != OfType.ERROR) {
            throw new OfDecodeException("unsupported OpenFlow version 0x" + Integer.toHexString(version)
                    + " in a message of type " + typeCode);
        }
        if (type == null) {
            throw new OfDecodeException("unsupported message type " + typeCode);
        }
        BodyCodec<?> codec = BY_TYPE.get(type);
        OfHeader header = new OfHeader(version, type, length, xid);
        ByteBuf body = frame.readSlice(frame.readableBytes());
        if (codec == null) { // a type we do not model: kept opaque rather than ending the connection
            return new UnparsedMessage(xid, type, BasicCodecs.readRest(body));
        }
        try {
            OfMessage message = codec.decodeBody(header, body);
            if (body.isReadable()) {
                throw new OfDecodeException(type + " has " + body.readableBytes() + " trailing bytes");
            }
            return message;
        } catch (OfDecodeException e) {
            throw e;
        } catch (RuntimeException e) { // IndexOutOfBounds from a short body, IllegalArgument from a value check
            throw new OfDecodeException("malformed " + type + ": " + e, e);
        }
    }
}
