package io.appnet.compiler.trace;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.pipeline.Tables;

/**
 * One line of a trace: the flow matched in a table (or, with table -1, what an action did), at a
 * resubmit nesting depth, with a note such as the conntrack state.
 */
public record TraceStep(int depth, int table, FlowEntry flow, String note) {

    public boolean ambiguous() {
        return note != null && note.startsWith("AMBIGUOUS");
    }

    @Override
    public String toString() {
        String indent = "    ".repeat(depth);
        if (flow == null) {
            return indent + (table >= 0 ? String.format("%2d. %s: ", table, Tables.name(table)) : "    ") + note;
        }
        String line = String.format("%s%2d. %s, priority %d, cookie %s%n%s    %s actions=%s", indent, table,
                Tables.name(table), flow.priority(), flow.cookie(), indent,
                flow.match().isEmpty() ? "(any)" : flow.match(), flow.instructions());
        return note == null ? line : line + String.format("%n%s    %s", indent, note);
    }
}
