package io.appnet.openflow.action;

import io.appnet.openflow.codec.OfDecodeException;
import io.appnet.openflow.message.Bytes;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Entry points for the OpenFlow 1.3 instruction list of a flow entry ({@code struct ofp_instruction}: 16-bit type,
 * 16-bit length, a multiple of 8). Stateless.
 */
public final class Instructions {
    private static final int GOTO_TABLE = 1;
    private static final int WRITE_METADATA = 2;
    private static final int WRITE_ACTIONS = 3;
    private static final int APPLY_ACTIONS = 4;
    private static final int CLEAR_ACTIONS = 5;
    private static final int METER = 6;
    private static final int HEADER_LENGTH = 8;
    private static final int WRITE_METADATA_LENGTH = 24;

    private Instructions() {
    }

    /**
     * Reads {@code length} bytes of instructions from {@code in} and advances its reader index past them, keeping
     * their order. Instructions we do not model come back as {@link Instruction.Unknown}.
     *
     * @throws OfDecodeException for bad lengths (the message names the offset), a repeated instruction type, or a
     *     malformed instruction or action
     */
    public static List<Instruction> decode(ByteBuf in, int length) {
        if (length < 0 || length % 8 != 0) {
            throw new OfDecodeException("instruction list length " + length + " is not a non-negative multiple of 8");
        }
        if (length > in.readableBytes()) {
            throw new OfDecodeException("instruction list of " + length + " bytes overruns the " + in.readableBytes()
                    + " bytes present");
        }
        int start = in.readerIndex();
        List<Instruction> instructions = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int offset = 0;
        while (offset < length) {
            int type = in.getUnsignedShort(start + offset);
            int instructionLength = in.getUnsignedShort(start + offset + 2);
            String where = "instruction at offset " + offset + " (type " + type + ")";
            if (instructionLength < HEADER_LENGTH || instructionLength % 8 != 0) {
                throw new OfDecodeException(where + ": length " + instructionLength
                        + " is not a multiple of 8 of at least 8");
            }
            if (instructionLength > length - offset) {
                throw new OfDecodeException(where + ": length " + instructionLength + " overruns the "
                        + (length - offset) + " bytes left in the instruction list");
            }
            if (type >= GOTO_TABLE && type <= METER && !seen.add(type)) {
                throw new OfDecodeException(where + ": the list already has an instruction of this type");
            }
            try {
                instructions.add(decodeOne(in.slice(start + offset, instructionLength), type));
            } catch (OfDecodeException | IllegalArgumentException e) {
                throw new OfDecodeException(where + ": " + e.getMessage(), e);
            }
            offset += instructionLength;
        }
        in.skipBytes(length);
        return List.copyOf(instructions);
    }

    private static Instruction decodeOne(ByteBuf bytes, int type) {
        int length = bytes.readableBytes();
        switch (type) {
            case GOTO_TABLE:
                StandardActionCodec.expectLength("goto_table", length, HEADER_LENGTH);
                return new Instruction.GotoTable(bytes.getUnsignedByte(4));
            case WRITE_METADATA:
                StandardActionCodec.expectLength("write_metadata", length, WRITE_METADATA_LENGTH);
                return new Instruction.WriteMetadata(bytes.getLong(8), bytes.getLong(16));
            case WRITE_ACTIONS:
                return new Instruction.WriteActions(actionsOf(bytes));
            case APPLY_ACTIONS:
                return new Instruction.ApplyActions(actionsOf(bytes));
            case CLEAR_ACTIONS:
                StandardActionCodec.expectLength("clear_actions", length, HEADER_LENGTH);
                return Instruction.ClearActions.INSTANCE;
            case METER:
                StandardActionCodec.expectLength("meter", length, HEADER_LENGTH);
                return new Instruction.Meter(bytes.getUnsignedInt(4));
            default:
                byte[] raw = new byte[length];
                bytes.getBytes(0, raw);
                return new Instruction.Unknown(Bytes.of(raw));
        }
    }

    private static List<Action> actionsOf(ByteBuf instruction) {
        ByteBuf actions = instruction.slice(HEADER_LENGTH, instruction.readableBytes() - HEADER_LENGTH);
        return ActionListCodec.decode(actions, actions.readableBytes(), ActionListCodec.Scope.TOP);
    }

    /**
     * Appends the instructions to {@code out} in list order.
     *
     * @throws IllegalArgumentException if two instructions share a type or an action list is invalid; nothing is
     *     written then
     */
    public static void encode(List<Instruction> instructions, ByteBuf out) {
        Set<Class<?>> seen = new HashSet<>();
        for (Instruction i : instructions) {
            if (i == null) {
                throw new IllegalArgumentException("null instruction in list");
            }
            if (!(i instanceof Instruction.Unknown) && !seen.add(i.getClass())) {
                throw new IllegalArgumentException("two " + i.getClass().getSimpleName() + " instructions");
            }
        }
        int start = out.writerIndex();
        try {
            for (Instruction i : instructions) {
                encodeOne(i, out);
            }
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    private static void encodeOne(Instruction instruction, ByteBuf out) {
        int start = out.writerIndex();
        if (instruction instanceof Instruction.GotoTable g) {
            header(out, GOTO_TABLE, HEADER_LENGTH);
            out.writeByte(g.table());
            out.writeZero(3);
        } else if (instruction instanceof Instruction.WriteMetadata m) {
            header(out, WRITE_METADATA, WRITE_METADATA_LENGTH);
            out.writeZero(4);
            out.writeLong(m.value());
            out.writeLong(m.mask());
        } else if (instruction instanceof Instruction.WriteActions w) {
            writeActions(out, WRITE_ACTIONS, w.actions(), start);
        } else if (instruction instanceof Instruction.ApplyActions a) {
            writeActions(out, APPLY_ACTIONS, a.actions(), start);
        } else if (instruction instanceof Instruction.ClearActions) {
            header(out, CLEAR_ACTIONS, HEADER_LENGTH);
            out.writeZero(4);
        } else if (instruction instanceof Instruction.Meter m) {
            header(out, METER, HEADER_LENGTH);
            out.writeInt((int) m.meterId());
        } else {
            out.writeBytes(((Instruction.Unknown) instruction).bytes().toArray());
        }
    }

    private static void header(ByteBuf out, int type, int length) {
        out.writeShort(type);
        out.writeShort(length);
    }

    private static void writeActions(ByteBuf out, int type, List<Action> actions, int start) {
        header(out, type, 0);
        out.writeZero(4);
        ActionListCodec.encode(actions, out, ActionListCodec.Scope.TOP);
        int length = out.writerIndex() - start;
        if (length > 0xfff8) {
            throw new IllegalArgumentException("instruction of " + length + " bytes exceeds the 16-bit length field");
        }
        out.setShort(start + 2, length);
    }

    /**
     * What {@code ovs-ofctl -O OpenFlow13 dump-flows} prints after {@code actions=}: Open vSwitch reorders the
     * instructions (meter, apply_actions bare, clear_actions, write_actions, write_metadata, goto_table) and prints
     * {@code drop} when nothing is left.
     */
    public static String toOvsText(List<Instruction> instructions) {
        String text = instructions.stream()
                .sorted(Comparator.comparingInt(Instructions::ovsOrder))
                .map(Instruction::toOvsText)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.joining(","));
        return text.isEmpty() ? "drop" : text;
    }

    private static int ovsOrder(Instruction i) {
        if (i instanceof Instruction.Meter) {
            return 0;
        } else if (i instanceof Instruction.ApplyActions) {
            return 1;
        } else if (i instanceof Instruction.ClearActions) {
            return 2;
        } else if (i instanceof Instruction.WriteActions) {
            return 3;
        } else if (i instanceof Instruction.WriteMetadata) {
            return 4;
        } else if (i instanceof Instruction.GotoTable) {
            return 5;
        }
        return 6;
    }
}
