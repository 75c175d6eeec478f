package io.appnet.openflow.codec;

import io.appnet.openflow.message.OxmId;
import io.appnet.openflow.message.TableFeatures;
import io.appnet.openflow.message.TableFeaturesReply;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The body of an OFPMP_TABLE_FEATURES reply: {@code struct ofp_table_features} entries (64-byte header, then
 * properties, each {@code type, length} padded to 8 bytes), as OVS's {@code lib/ofp-table.c} reads them. Every
 * length is checked against what encloses it before anything is read, so a bad one is an
 * {@link OfDecodeException} naming it, never a read past the entry.
 */
final class TableFeaturesCodec {

    static final int HEADER_LENGTH = 64;
    private static final int PROPERTY_HEADER = 4;
    private static final int INSTRUCTIONS = 0;
    private static final int NEXT_TABLES = 2;
    private static final int WRITE_ACTIONS = 4;
    private static final int APPLY_ACTIONS = 6;
    private static final int MATCH = 8;
    private static final int WILDCARDS = 10;
    private static final int WRITE_SETFIELD = 12;
    private static final int APPLY_SETFIELD = 14;
    /** Instruction and action IDs of an experimenter carry its 32-bit ID after the 4-byte header. */
    private static final int EXPERIMENTER = 0xFFFF;

    private TableFeaturesCodec() {
    }

    static List<TableFeatures> decode(ByteBuf in) {
        List<TableFeatures> tables = new ArrayList<>();
        while (in.isReadable()) {
            if (in.readableBytes() < HEADER_LENGTH) {
                throw new OfDecodeException("table features: " + in.readableBytes() + " bytes left, less than the "
                        + HEADER_LENGTH + "-byte header");
            }
            int length = in.getUnsignedShort(in.readerIndex());
            if (length < HEADER_LENGTH || length % 8 != 0 || length > in.readableBytes()) {
                throw new OfDecodeException("table features: length " + length + " is not a multiple of 8 from "
                        + HEADER_LENGTH + " to the " + in.readableBytes() + " bytes left");
            }
            if (tables.size() == TableFeaturesReply.MAX_TABLES) {
                throw new OfDecodeException("table features: more than " + TableFeaturesReply.MAX_TABLES
                        + " tables in one reply");
            }
            tables.add(decodeTable(in.readSlice(length)));
        }
        return tables;
    }

    private static TableFeatures decodeTable(ByteBuf in) {
        in.skipBytes(2);
        int tableId = in.readUnsignedByte();
        in.skipBytes(5);
        String name = name(in.readSlice(TableFeatures.NAME_LENGTH), tableId);
        long metadataMatch = in.readLong();
        long metadataWrite = in.readLong();
        long config = in.readUnsignedInt();
        long maxEntries = in.readUnsignedInt();
        List<Integer> instructions = List.of();
        List<Integer> nextTables = List.of();
        List<Integer> writeActions = List.of();
        List<Integer> applyActions = List.of();
        List<OxmId> match = List.of();
        List<OxmId> wildcards = List.of();
        List<OxmId> writeSetfield = List.of();
        List<OxmId> applySetfield = List.of();
        while (in.isReadable()) {
            if (in.readableBytes() < PROPERTY_HEADER) {
                throw new OfDecodeException("table " + tableId + ": " + in.readableBytes()
                        + " bytes left, less than a property header");
            }
            int type = in.readUnsignedShort();
            int length = in.readUnsignedShort();
            int padded = (length + 7) / 8 * 8;
            if (length < PROPERTY_HEADER || padded - PROPERTY_HEADER > in.readableBytes()) {
                throw new OfDecodeException("table " + tableId + ": property " + type + " has length " + length
                        + ", outside " + PROPERTY_HEADER + ".." + (in.readableBytes() + PROPERTY_HEADER));
            }
            ByteBuf body = in.readSlice(length - PROPERTY_HEADER);
            in.skipBytes(padded - length);
            String what = "table " + tableId + " property " + type;
            switch (type) {
                case INSTRUCTIONS -> instructions = ids(body, what);
                case NEXT_TABLES -> nextTables = items(body, b -> (int) b.readUnsignedByte());
                case WRITE_ACTIONS -> writeActions = ids(body, what);
                case APPLY_ACTIONS -> applyActions = ids(body, what);
                case MATCH -> match = oxms(body, what);
                case WILDCARDS -> wildcards = oxms(body, what);
                case WRITE_SETFIELD -> writeSetfield = oxms(body, what);
                case APPLY_SETFIELD -> applySetfield = oxms(body, what);
                default -> { } // table-miss and experimenter properties: skipped, whatever they hold
            }
        }
        try {
            return new TableFeatures(tableId, name, metadataMatch, metadataWrite, config, maxEntries, instructions,
                    nextTables, writeActions, applyActions, match, wildcards, writeSetfield, applySetfield);
        } catch (IllegalArgumentException bad) {
            throw new OfDecodeException("table " + tableId + ": " + bad.getMessage(), bad);
        }
    }

    /** The NUL-terminated name; bytes after the first NUL are ignored, as OVS does. */
    private static String name(ByteBuf bytes, int tableId) {
        int end = 0;
        while (end < bytes.readableBytes() && bytes.getByte(end) != 0) {
            end++;
        }
        if (end == bytes.readableBytes()) {
            throw new OfDecodeException("table " + tableId + ": name is not NUL-terminated in "
                    + TableFeatures.NAME_LENGTH + " bytes");
        }
        return bytes.toString(0, end, StandardCharsets.US_ASCII);
    }

    /** Instruction or action IDs: {@code type, length} (4 bytes; 8 for an experimenter's, its ID skipped). */
    private static List<Integer> ids(ByteBuf body, String what) {
        return items(body, b -> {
            if (b.readableBytes() < 4) {
                throw new OfDecodeException(what + ": " + b.readableBytes() + " bytes left, less than an id");
            }
            int type = b.readUnsignedShort();
            int length = b.readUnsignedShort();
            int rest = type == EXPERIMENTER ? 4 : 0;
            if (length != 4 + rest || b.readableBytes() < rest) {
                throw new OfDecodeException(what + ": id of type " + type + " has length " + length + ", not "
                        + (4 + rest));
            }
            b.skipBytes(rest);
            return type;
        });
    }

    private static List<OxmId> oxms(ByteBuf body, String what) {
        return items(body, b -> {
            if (b.readableBytes() < 4) {
                throw new OfDecodeException(what + ": " + b.readableBytes() + " bytes left, less than an OXM header");
            }
            long header = b.readUnsignedInt();
            int oxmClass = (int) (header >>> 16);
            long experimenter = 0;
            if (oxmClass == OxmId.EXPERIMENTER_CLASS) {
                if (b.readableBytes() < 4) {
                    throw new OfDecodeException(what + ": experimenter OXM header without its experimenter ID");
                }
                experimenter = b.readUnsignedInt();
            }
            return new OxmId(oxmClass, (int) (header >>> 9) & 0x7F, (header & 0x100) != 0, (int) header & 0xFF,
                    experimenter);
        });
    }

    /** Reads items until the body ends; the reader checks that a whole item is left. */
    private static <T> List<T> items(ByteBuf body, Function<ByteBuf, T> reader) {
        List<T> items = new ArrayList<>();
        while (body.isReadable()) {
            items.add(reader.apply(body));
        }
        return items;
    }

    static void encode(List<TableFeatures> tables, ByteBuf out) {
        for (TableFeatures table : tables) {
            int start = out.writerIndex();
            out.writeShort(0); // length, set below
            out.writeByte(table.tableId());
            out.writeZero(5);
            byte[] name = table.name().getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(name);
            out.writeZero(TableFeatures.NAME_LENGTH - name.length);
            out.writeLong(table.metadataMatch());
            out.writeLong(table.metadataWrite());
            out.writeInt((int) table.config());
            out.writeInt((int) table.maxEntries());
            property(out, INSTRUCTIONS, table.instructions(), TableFeaturesCodec::writeId);
            property(out, NEXT_TABLES, table.nextTables(), (o, id) -> o.writeByte(id));
            property(out, WRITE_ACTIONS, table.writeActions(), TableFeaturesCodec::writeId);
            property(out, APPLY_ACTIONS, table.applyActions(), TableFeaturesCodec::writeId);
            property(out, MATCH, table.match(), TableFeaturesCodec::writeOxm);
            property(out, WILDCARDS, table.wildcards(), TableFeaturesCodec::writeOxm);
            property(out, WRITE_SETFIELD, table.writeSetfield(), TableFeaturesCodec::writeOxm);
            property(out, APPLY_SETFIELD, table.applySetfield(), TableFeaturesCodec::writeOxm);
            out.setShort(start, out.writerIndex() - start);
        }
    }

    private static <T> void property(ByteBuf out, int type, List<T> items, BiConsumer<ByteBuf, T> writer) {
        int start = out.writerIndex();
        out.writeShort(type);
        out.writeShort(0);
        items.forEach(item -> writer.accept(out, item));
        int length = out.writerIndex() - start;
        out.setShort(start + 2, length);
        out.writeZero((length + 7) / 8 * 8 - length);
    }

    private static void writeId(ByteBuf out, int type) {
        if (type == EXPERIMENTER) {
            throw new IllegalArgumentException("experimenter instruction/action IDs are not kept, so not encoded");
        }
        out.writeShort(type);
        out.writeShort(4);
    }

    private static void writeOxm(ByteBuf out, OxmId id) {
        out.writeInt(id.oxmClass() << 16 | id.field() << 9 | (id.hasMask() ? 0x100 : 0) | id.length());
        if (id.oxmClass() == OxmId.EXPERIMENTER_CLASS) {
            out.writeInt((int) id.experimenter());
        }
    }
}
