package io.appnet.openflow.codec;

import io.appnet.openflow.message.AggregateStatsReply;
import io.appnet.openflow.message.AggregateStatsRequest;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartReplyBody;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.MultipartRequestBody;
import io.appnet.openflow.message.MultipartType;
import io.appnet.openflow.message.OfType;
import io.appnet.openflow.message.PortDescReply;
import io.appnet.openflow.message.PortDescRequest;
import io.appnet.openflow.message.PortDescription;
import io.appnet.openflow.message.RawMultipartBody;
import io.appnet.openflow.message.TableFeaturesReply;
import io.appnet.openflow.message.TableFeaturesRequest;
import io.appnet.openflow.message.TableStats;
import io.appnet.openflow.message.TableStatsReply;
import io.appnet.openflow.message.TableStatsRequest;
import io.appnet.openflow.match.Match;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * MULTIPART_REQUEST and MULTIPART_REPLY ({@code struct ofp_multipart_request/reply}: type, flags, 4 pad bytes,
 * body). PORT_DESC, FLOW, AGGREGATE, TABLE and TABLE_FEATURES (a request without body: a query) bodies are
 * decoded; other types are kept as {@link RawMultipartBody} so an unexpected reply does not end the connection.
 */
final class MultipartCodecs {
    private static final int MORE = 1;
    private static final int TABLE_STATS_LENGTH = 24;

    private MultipartCodecs() {
    }

    static List<BodyCodec<?>> all() {
        return List.of(
                BasicCodecs.of(OfType.MULTIPART_REQUEST, MultipartRequest.class,
                        MultipartCodecs::encodeRequest, MultipartCodecs::decodeRequest),
                BasicCodecs.of(OfType.MULTIPART_REPLY, MultipartReply.class,
                        MultipartCodecs::encodeReply, MultipartCodecs::decodeReply));
    }

    private static void encodeRequest(MultipartRequest request, ByteBuf out) {
        MultipartRequestBody body = request.body();
        writeHeader(body.multipartType(), request.more(), out);
        if (body instanceof FlowStatsRequest flows) {
            writeSelection(flows.selection(), out);
        } else if (body instanceof AggregateStatsRequest aggregate) {
            writeSelection(aggregate.selection(), out);
        } else if (body instanceof RawMultipartBody raw) {
            BasicCodecs.writeBytes(out, raw.body());
        } // PortDescRequest, TableStatsRequest and TableFeaturesRequest have no body
    }

    private static MultipartRequest decodeRequest(OfHeader header, ByteBuf in) {
        int type = in.readUnsignedShort();
        boolean more = readMore(in);
        MultipartRequestBody body;
        if (type == MultipartType.PORT_DESC.code()) {
            body = new PortDescRequest();
        } else if (type == MultipartType.TABLE.code()) {
            body = new TableStatsRequest();
        } else if (type == MultipartType.TABLE_FEATURES.code() && !in.isReadable()) {
            body = new TableFeaturesRequest();
        } else if (type == MultipartType.FLOW.code()) {
            body = new FlowStatsRequest(readSelection(in));
        } else if (type == MultipartType.AGGREGATE.code()) {
            body = new AggregateStatsRequest(readSelection(in));
        } else {
            body = new RawMultipartBody(type, BasicCodecs.readRest(in));
        }
        return new MultipartRequest(header.xid(), more, body);
    }

    private static void encodeReply(MultipartReply reply, ByteBuf out) {
        MultipartReplyBody body = reply.body();
        writeHeader(body.multipartType(), reply.more(), out);
        if (body instanceof PortDescReply ports) {
            for (PortDescription port : ports.ports()) {
                PortDescriptionCodec.encode(port, out);
            }
        } else if (body instanceof FlowStatsReply flows) {
            flows.flows().forEach(flow -> FlowStatsCodec.encode(flow, out));
        } else if (body instanceof AggregateStatsReply aggregate) {
            out.writeLong(aggregate.packetCount());
            out.writeLong(aggregate.byteCount());
            out.writeInt((int) aggregate.flowCount());
            out.writeZero(4);
        } else if (body instanceof TableStatsReply tables) {
            for (TableStats table : tables.tables()) {
                out.writeByte(table.tableId());
                out.writeZero(3);
                out.writeInt((int) table.activeCount());
                out.writeLong(table.lookupCount());
                out.writeLong(table.matchedCount());
            }
        } else if (body instanceof TableFeaturesReply features) {
            TableFeaturesCodec.encode(features.tables(), out);
        } else {
            BasicCodecs.writeBytes(out, ((RawMultipartBody) body).body());
        }
    }

    private static MultipartReply decodeReply(OfHeader header, ByteBuf in) {
        int type = in.readUnsignedShort();
        boolean more = readMore(in);
        MultipartReplyBody body;
        if (type == MultipartType.PORT_DESC.code()) {
            List<PortDescription> ports = new ArrayList<>();
            for (ByteBuf entry : entries(in, PortDescriptionCodec.LENGTH, "port description")) {
                ports.add(PortDescriptionCodec.decode(entry));
            }
            body = new PortDescReply(ports);
        } else if (type == MultipartType.FLOW.code()) {
            List<FlowStats> flows = new ArrayList<>();
            while (in.isReadable()) {
                flows.add(FlowStatsCodec.decode(in));
            }
            body = new FlowStatsReply(flows);
        } else if (type == MultipartType.AGGREGATE.code()) {
            body = new AggregateStatsReply(in.readLong(), in.readLong(), in.readUnsignedInt());
            in.skipBytes(4);
        } else if (type == MultipartType.TABLE.code()) {
            List<TableStats> tables = new ArrayList<>();
            for (ByteBuf entry : entries(in, TABLE_STATS_LENGTH, "table stats")) {
                int tableId = entry.readUnsignedByte();
                entry.skipBytes(3);
                tables.add(new TableStats(tableId, entry.readUnsignedInt(), entry.readLong(), entry.readLong()));
            }
            body = new TableStatsReply(tables);
        } else if (type == MultipartType.TABLE_FEATURES.code()) {
            body = new TableFeaturesReply(TableFeaturesCodec.decode(in));
        } else {
            body = new RawMultipartBody(type, BasicCodecs.readRest(in));
        }
        return new MultipartReply(header.xid(), more, body);
    }

    private static void writeHeader(int type, boolean more, ByteBuf out) {
        out.writeShort(type);
        out.writeShort(more ? MORE : 0);
        out.writeZero(4);
    }

    private static boolean readMore(ByteBuf in) {
        int flags = in.readUnsignedShort();
        in.skipBytes(4);
        return (flags & MORE) != 0;
    }

    /** The body split into fixed-size entries; a remainder is an error. */
    private static List<ByteBuf> entries(ByteBuf in, int size, String what) {
        if (in.readableBytes() % size != 0) {
            throw new OfDecodeException(in.readableBytes() + " bytes of " + what + " are not a multiple of " + size);
        }
        List<ByteBuf> entries = new ArrayList<>();
        while (in.isReadable()) {
            entries.add(in.readSlice(size));
        }
        return entries;
    }

    private static void writeSelection(FlowSelection selection, ByteBuf out) {
        out.writeByte(selection.tableId());
        out.writeZero(3);
        out.writeInt((int) selection.outPort());
        out.writeInt((int) selection.outGroup());
        out.writeZero(4);
        out.writeLong(selection.cookie());
        out.writeLong(selection.cookieMask());
        selection.match().encode(out);
    }

    private static FlowSelection readSelection(ByteBuf in) {
        int tableId = in.readUnsignedByte();
        in.skipBytes(3);
        long outPort = in.readUnsignedInt();
        long outGroup = in.readUnsignedInt();
        in.skipBytes(4);
        long cookie = in.readLong();
        long cookieMask = in.readLong();
        return new FlowSelection(tableId, outPort, outGroup, cookie, cookieMask, Match.decode(in));
    }
}
