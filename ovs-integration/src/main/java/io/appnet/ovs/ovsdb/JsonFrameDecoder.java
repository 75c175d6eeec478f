package io.appnet.ovs.ovsdb;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.json.JsonObjectDecoder;
import java.util.List;

/**
 * Netty's framing of concatenated JSON values, up to a size limit, that stops reading once the session is
 * closed: after a violation the rest of what the host sent is dropped, not parsed into more errors.
 */
final class JsonFrameDecoder extends JsonObjectDecoder {

    JsonFrameDecoder(int maxMessageBytes) {
        super(maxMessageBytes);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        super.decode(ctx, in, out);
    }
}
