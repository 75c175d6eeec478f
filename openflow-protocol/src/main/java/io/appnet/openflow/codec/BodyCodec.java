package io.appnet.openflow.codec;

import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfType;
import io.netty.buffer.ByteBuf;

/**
 * Encodes and decodes the body (everything after the 8-byte header) of one message type. Implementations are
 * stateless singletons registered in {@link OfMessageCodec}.
 */
public interface BodyCodec<T extends OfMessage> {
    OfType type();

    Class<T> messageClass();

    /** Writes the body of {@code message}; the header is written (and its length patched) by the caller. */
    void encodeBody(T message, ByteBuf out);

    /**
     * Reads a body. {@code body} holds exactly the message's bytes after the header; reading past them throws,
     * which {@link OfMessageCodec} reports as an {@link OfDecodeException}.
     */
    T decodeBody(OfHeader header, ByteBuf body);
}
