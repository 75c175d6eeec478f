package io.appnet.controller.bench.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.json.JsonObjectDecoder;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The OVSDB side of a simulated host, as {@code ovsdb-server} answers its manager (the controller) over RFC 7047
 * JSON-RPC: "monitor" (one monitor: the initial rows, then an "update" after every transaction that changed a
 * monitored column), "transact" ({@link SimDatabase}), "echo"; any other method gets an error reply. Messages are
 * bounded to {@link #MAX_MESSAGE_BYTES}. One instance per connection, used on its I/O thread only.
 */
final class SimOvsdb extends SimpleChannelInboundHandler<ByteBuf> {
    static final int MAX_MESSAGE_BYTES = 16 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SimDatabase database;
    private JsonNode monitorId;
    private JsonNode monitored;

    SimOvsdb(SimDatabase database) {
        this.database = database;
    }

    void install(Channel channel) {
        channel.pipeline().addLast(new JsonObjectDecoder(MAX_MESSAGE_BYTES), this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws IOException {
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        JsonNode message = MAPPER.readTree(bytes);
        if (!message.hasNonNull("method")) {
            return; // a reply to our echo
        }
        JsonNode id = message.get("id");
        ArrayNode params = (ArrayNode) message.get("params");
        switch (message.get("method").asText()) {
            case "echo" -> reply(ctx, id, params, null);
            case "monitor" -> {
                monitorId = params.get(1);
                monitored = params.get(2);
                reply(ctx, id, database.initial(monitored), null);
            }
            case "transact" -> {
                Map<String, Map<String, ObjectNode>> changed = new HashMap<>();
                ArrayNode results = database.transact(params, changed);
                announce(ctx, changed);
                reply(ctx, id, results, null);
            }
            default -> reply(ctx, id, null, SimDatabase.JSON.textNode("unknown method"));
        }
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.err.println("simulated host closes its OVSDB"
                + " session: " + cause);
        ctx.close();
    }

    /** One "update" with the changed rows of the monitored tables (insert: "new"; modify: "old" and "new"). */
    private void announce(ChannelHandlerContext ctx, Map<String, Map<String, ObjectNode>> changed) {
        if (monitored == null) {
            return;
        }
        ObjectNode updates = SimDatabase.JSON.objectNode();
        changed.forEach((table, rows) -> {
            JsonNode request = monitored.get(table);
            if (request == null) {
                return;
            }
            rows.forEach((uuid, before) -> {
                ObjectNode now = database.project(uuid, database.row(table, uuid), request.get("columns"));
                ObjectNode update = SimDatabase.JSON.objectNode();
                if (before != null) {
                    ObjectNode old = database.project(uuid, before, request.get("columns"));
                    if (old.equals(now)) {
                        return;
                    }
                    update.set("old", old);
                }
                update.set("new", now);
                updates.with(table).set(uuid, update);
            });
        });
        if (!updates.isEmpty()) {
            ObjectNode notification = SimDatabase.JSON.objectNode().put("method", "update");
            notification.putArray("params").add(monitorId).add(updates);
            notification.putNull("id");
            write(ctx, notification);
        }
    }

    private static void reply(ChannelHandlerContext ctx, JsonNode id, JsonNode result, JsonNode error) {
        ObjectNode reply = SimDatabase.JSON.objectNode();
        reply.set("id", id);
        reply.set("result", result);
        reply.set("error", error);
        write(ctx, reply);
    }

    private static void write(ChannelHandlerContext ctx, JsonNode message) {
        try {
            ctx.write(Unpooled.wrappedBuffer(MAPPER.writeValueAsBytes(message)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
