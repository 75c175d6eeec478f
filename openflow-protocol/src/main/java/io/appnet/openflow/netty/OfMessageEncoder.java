package io.appnet.openflow.netty;

import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.message.OfMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Stateless, so one instance serves every channel. */
@Sharable
public final class OfMessageEncoder extends MessageToByteEncoder<OfMessage> {
    public static final OfMessageEncoder INSTANCE = new OfMessageEncoder();

    private OfMessageEncoder() {
        super(OfMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OfMessage message, ByteBuf out) {
        OfMessageCodec.encode(message, out);
    }
}
