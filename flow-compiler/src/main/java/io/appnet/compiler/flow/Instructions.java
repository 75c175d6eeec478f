package io.appnet.compiler.flow;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A flow's OpenFlow 1.3 instructions: apply-actions, then optionally write-metadata, then optionally
 * goto-table (the order OpenFlow runs and {@code ovs-ofctl} prints them). Nothing at all means drop,
 * printed {@code drop} as {@code ovs-ofctl} does.
 */
public record Instructions(List<Action> actions, Optional<MetadataWrite> writeMetadata, OptionalInt gotoTable) {

    private static final Instructions DROP = new Instructions(List.of(), OptionalInt.empty());

    /**
     * {@code OptionalInt.of(table)} and the goto-only instructions, one per table: most flows go to a table, and a
     * full compile made half a million of each, all equal to one of these.
     */
    private static final OptionalInt[] GOTO = new OptionalInt[FlowKey.MAX_TABLE + 1];
    private static final Instructions[] GOTO_ONLY = new Instructions[FlowKey.MAX_TABLE + 1];

    static {
        for (int table = 0; table <= FlowKey.MAX_TABLE; table++) {
            GOTO[table] = OptionalInt.of(table);
            GOTO_ONLY[table] = new Instructions(List.of(), GOTO[table]);
        }
    }

    /**
     * OpenFlow's write-metadata instruction: {@code metadata = metadata & ~mask | value & mask}. The standard
     * way to carry a classification to a later table (the hardware firewall profile uses it; registers are
     * Nicira's).
     */
    public record MetadataWrite(long value, long mask) {
        public MetadataWrite {
            if ((value & ~mask) != 0) {
                throw new IllegalArgumentException("write_metadata value 0x" + Long.toHexString(value)
                        + " has bits outside its mask 0x" + Long.toHexString(mask));
            }
        }

        /** As ovs-ofctl prints it: the mask only when it is not all ones. */
        @Override
        public String toString() {
            return "write_metadata:0x" + Long.toHexString(value) + (mask == -1L ? "" : "/0x" + Long.toHexString(mask));
        }
    }

    public Instructions {
        actions = List.copyOf(actions);
        gotoTable.ifPresent(FlowKey::checkTable);
    }

    /** Without write-metadata (what every OVS host flow has). */
    public Instructions(List<Action> actions, OptionalInt gotoTable) {
        this(actions, Optional.empty(), gotoTable);
    }

    public static Instructions drop() {
        return DROP;
    }

    public static Instructions gotoTable(int table) {
        return GOTO_ONLY[checkedTable(table)];
    }

    private static int checkedTable(int table) {
        FlowKey.checkTable(table);
        return table;
    }

    public static Instructions apply(Action... actions) {
        return new Instructions(List.of(actions), OptionalInt.empty());
    }

    public static Instructions applyThenGoto(int table, Action... actions) {
        return new Instructions(List.of(actions), GOTO[checkedTable(table)]);
    }

    /** Apply the actions, write metadata {@code value/mask}, go to {@code table}. */
    public static Instructions applyWriteMetadataThenGoto(int table, MetadataWrite metadata, Action... actions) {
        return new Instructions(List.of(actions), Optional.of(metadata), GOTO[checkedTable(table)]);
    }

    public boolean isDrop() {
        return actions.isEmpty() && writeMetadata.isEmpty() && gotoTable.isEmpty();
    }

    /** True if only plain OpenFlow 1.3 actions are used. */
    public boolean standard() {
        return actions.stream().allMatch(Action::standard);
    }

    @Override
    public String toString() {
        if (isDrop()) {
            return "drop";
        }
        StringBuilder text = new StringBuilder();
        for (Action action : actions) {
            text.append(text.length() == 0 ? "" : ",").append(action);
        }
        writeMetadata.ifPresent(write -> text.append(text.length() == 0 ? "" : ",").append(write));
        gotoTable.ifPresent(table -> text.append(text.length() == 0 ? "" : ",").append("goto_table:").append(table));
        return text.toString();
    }
}
