package io.appnet.compiler.flow;

/**
 * One flow of the IR: table, priority, match, instructions and cookie. The controller translates it into
 * a flow-mod; {@link #toString()} is its {@code ovs-ofctl -O OpenFlow13 dump-flows --no-stats} line.
 *
 * <p>Checked here, because Open vSwitch would reject or misrun such a flow: goto only to a later table;
 * {@code ct(table=...)} only as the last action and without goto; conjunction flows with nothing but
 * conjunction actions.
 */
public record FlowEntry(FlowKey key, Instructions instructions, Cookie cookie) {

    public FlowEntry {
        int table = key.table();
        instructions.gotoTable().ifPresent(next -> {
            if (next <= table) {
                throw new IllegalArgumentException("goto_table:" + next + " from table " + table
                        + ": OpenFlow only goes forward (use resubmit)");
            }
        });
        var actions = instructions.actions();
        int conjunctions = 0;
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            if (action instanceof Action.Conntrack ct && ct.table().isPresent()
                    && (i != actions.size() - 1 || instructions.gotoTable().isPresent())) {
                throw new IllegalArgumentException("ct(table=...) must end the flow: " + instructions);
            }
            if (action instanceof Action.Conjunction) {
                conjunctions++;
            }
        }
        if (conjunctions > 0 && (conjunctions != actions.size() || instructions.gotoTable().isPresent())) {
            throw new IllegalArgumentException("a conjunction flow has only conjunction actions: " + instructions);
        }
    }

    public static FlowEntry of(int table, int priority, Match match, Instructions instructions, Cookie cookie) {
        return new FlowEntry(new FlowKey(table, priority, match), instructions, cookie);
    }

    public int table() {
        return key.table();
    }

    public int priority() {
        return key.priority();
    }

    public Match match() {
        return key.match();
    }

    /** True for a clause of a conjunctive match (its actions are all {@code conjunction}). */
    public boolean isConjunctionClause() {
        return !instructions.actions().isEmpty() && instructions.actions().get(0) instanceof Action.Conjunction;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (cookie.value() != 0) {
            text.append("cookie=").append(cookie).append(", ");
        }
        if (key.table() != 0) {
            text.append("table=").append(key.table()).append(", ");
        }
        String match = key.priorityAndMatch();
        if (!match.isEmpty()) {
            text.append(match).append(' ');
        }
        return text.append("actions=").append(instructions).toString();
    }
}
