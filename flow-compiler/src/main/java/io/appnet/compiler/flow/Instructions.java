package io.appnet.compiler.flow;

import java.util.List;
import java.util.OptionalInt;

/**
 * A flow's OpenFlow 1.3 instructions: apply-actions, then optionally goto-table. No action and no goto
 * means drop, printed {@code drop} as {@code ovs-ofctl} does.
 */
public record Instructions(List<Action> actions, OptionalInt gotoTable) {

    private static final Instructions DROP = new Instructions(List.of(), OptionalInt.empty());

    public Instructions {
        actions = List.copyOf(actions);
        gotoTable.ifPresent(FlowKey::checkTable);
    }

    public static Instructions drop() {
        return DROP;
    }

    public static Instructions gotoTable(int table) {
        return new Instructions(List.of(), OptionalInt.of(table));
    }

    public static Instructions apply(Action... actions) {
        return new Instructions(List.of(actions), OptionalInt.empty());
    }

    public static Instructions applyThenGoto(int table, Action... actions) {
        return new Instructions(List.of(actions), OptionalInt.of(table));
    }

    public boolean isDrop() {
        return actions.isEmpty() && gotoTable.isEmpty();
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
        gotoTable.ifPresent(table -> text.append(text.length() == 0 ? "" : ",").append("goto_table:").append(table));
        return text.toString();
    }
}
