package io.appnet.openflow.action;

import io.appnet.openflow.message.Bytes;
import java.util.List;

/** One OpenFlow 1.3 instruction of a flow entry. {@link Instructions} encodes and decodes lists of them. */
public sealed interface Instruction {

    /** The instruction as ovs-ofctl prints it; empty for an apply_actions without actions. */
    String toOvsText();

    static GotoTable gotoTable(int table) {
        return new GotoTable(table);
    }

    /** {@code write_metadata:value/mask}: metadata = (metadata &amp; ~mask) | (value &amp; mask). */
    static WriteMetadata writeMetadata(long value, long mask) {
        return new WriteMetadata(value, mask);
    }

    static ApplyActions applyActions(List<Action> actions) {
        return new ApplyActions(actions);
    }

    static ApplyActions applyActions(Action... actions) {
        return new ApplyActions(List.of(actions));
    }

    static WriteActions writeActions(List<Action> actions) {
        return new WriteActions(actions);
    }

    static ClearActions clearActions() {
        return ClearActions.INSTANCE;
    }

    static Meter meter(long meterId) {
        return new Meter(meterId);
    }

    /** OFPIT_GOTO_TABLE. */
    record GotoTable(int table) implements Instruction {
        public GotoTable {
            if (table < 0 || table > 254) {
                throw new IllegalArgumentException("goto_table " + table + " is outside 0..254");
            }
        }

        @Override
        public String toOvsText() {
            return "goto_table:" + table;
        }
    }

    /** OFPIT_WRITE_METADATA; both 64-bit values are unsigned. */
    record WriteMetadata(long value, long mask) implements Instruction {
        @Override
        public String toOvsText() {
            return "write_metadata:" + FieldText.hex(value) + (mask == -1L ? "" : "/" + FieldText.hex(mask));
        }
    }

    /** OFPIT_APPLY_ACTIONS: run the actions now. ovs-ofctl prints them bare. */
    record ApplyActions(List<Action> actions) implements Instruction {
        public ApplyActions {
            actions = checked(actions);
        }

        @Override
        public String toOvsText() {
            return actions.isEmpty() ? "" : Actions.toOvsText(actions);
        }
    }

    /** OFPIT_WRITE_ACTIONS: merge the actions into the action set. */
    record WriteActions(List<Action> actions) implements Instruction {
        public WriteActions {
            actions = checked(actions);
        }

        @Override
        public String toOvsText() {
            return "write_actions(" + Actions.toOvsText(actions) + ")";
        }
    }

    /** OFPIT_CLEAR_ACTIONS. */
    record ClearActions() implements Instruction {
        static final ClearActions INSTANCE = new ClearActions();

        @Override
        public String toOvsText() {
            return "clear_actions";
        }
    }

    /** OFPIT_METER. */
    record Meter(long meterId) implements Instruction {
        public Meter {
            if (meterId < 0 || meterId > 0xffffffffL) {
                throw new IllegalArgumentException("meter id " + meterId + " is not a 32-bit unsigned number");
            }
        }

        @Override
        public String toOvsText() {
            return "meter:" + meterId;
        }
    }

    /**
     * An instruction this codec does not model (an experimenter's, or a type newer than OpenFlow 1.3), kept byte
     * for byte. Its text is a marker, not Open vSwitch's: {@code unknown_instruction(type=..,bytes=..)}.
     *
     * @param bytes the whole instruction, header included
     */
    record Unknown(Bytes bytes) implements Instruction {
        public Unknown {
            if (bytes == null || bytes.length() < 8 || bytes.length() % 8 != 0 || bytes.length() > 0xfff8) {
                throw new IllegalArgumentException("an instruction is 8..65528 bytes in steps of 8");
            }
            byte[] b = bytes.toArray();
            if ((((b[2] & 0xff) << 8) | (b[3] & 0xff)) != bytes.length()) {
                throw new IllegalArgumentException("instruction header length differs from its " + bytes.length()
                        + " bytes");
            }
        }

        public int type() {
            byte[] b = bytes.toArray();
            return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        }

        @Override
        public String toOvsText() {
            return "unknown_instruction(type=" + type() + ",bytes=" + bytes + ")";
        }
    }

    private static List<Action> checked(List<Action> actions) {
        if (actions == null) {
            throw new IllegalArgumentException("actions list is null");
        }
        for (Action a : actions) {
            if (a == null) {
                throw new IllegalArgumentException("null action in list");
            }
        }
        List<Action> copy = List.copyOf(actions);
        ActionListCodec.checkTopLevel(copy);
        return copy;
    }
}
