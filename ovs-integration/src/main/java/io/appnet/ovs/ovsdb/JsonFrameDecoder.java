package io.appnet.ovs.ovsdb;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.json.JsonObjectDecoder;
import java.util.List;

/**
 * Netty's framing of concatenated JSON values, up to a size limit, with two changes. A framing error (bytes
 * that start no JSON value, a value over the limit) travels as a {@link FramingError} message behind the
 * frames decoded before it, so the session sees them in the order the host sent them; thrown, it would overtake
 * them, and reach no handler if one of them had already closed the session. And once the session is closed, the
 * rest of what the host sent is dropped unread.
 */
final class JsonFrameDecoder extends JsonObjectDecoder {

    /** The host's byte stream cannot be framed as JSON from here on. */
    record FramingError(String reason) { }

    JsonFrameDecoder(int maxMessageBytes) {
        super(maxMessageBytes);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            super.decode(ctx, in, out);
        } catch (DecoderException e) {
            in.skipBytes(in.readableBytes());
            out.add(new FramingError(e.getMessage()));
        }
    }
}
