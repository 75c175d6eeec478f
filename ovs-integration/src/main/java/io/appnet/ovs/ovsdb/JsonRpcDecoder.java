package io.appnet.ovs.ovsdb;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** One framed JSON value (from Netty's JsonObjectDecoder) -> a {@link JsonRpcMessage}; anything else throws. */
final class JsonRpcDecoder extends MessageToMessageDecoder<ByteBuf> {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        JsonNode json;
        try (InputStream in = new ByteBufInputStream(frame)) {
            json = OvsdbJson.MAPPER.readTree(in);
        } catch (JacksonException e) {
            throw new OvsdbProtocolException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new OvsdbProtocolException("unreadable JSON: " + e.getMessage(), e);
        }
        out.add(JsonRpcMessage.parse(json));
    }
}
