package io.appnet.ovs.ovsdb;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;
import java.io.OutputStream;

/** A {@link JsonRpcMessage} -> its compact JSON text, UTF-8. Stateless, so one instance serves every channel. */
@Sharable
final class JsonRpcEncoder extends MessageToByteEncoder<JsonRpcMessage> {

    static final JsonRpcEncoder INSTANCE = new JsonRpcEncoder();

    private JsonRpcEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, JsonRpcMessage message, ByteBuf out) throws IOException {
        try (OutputStream stream = new ByteBufOutputStream(out)) {
            OvsdbJson.MAPPER.writeValue(stream, JsonRpcMessage.toJson(message));
        }
    }
}
