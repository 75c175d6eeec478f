package io.appnet.openflow.netty;

import io.appnet.openflow.codec.OfMessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Decodes one framed message; a decode failure surfaces as a DecoderException through exceptionCaught. */
public final class OfMessageDecoder extends MessageToMessageDecoder<ByteBuf> {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(OfMessageCodec.decode(frame));
    }
}
