package io.appnet.compiler.flow;

import java.util.Objects;

/**
 * What identifies a flow in a switch: table, priority and match (OpenFlow's "strict" identity).
 *
 * <p>A value class with a record's accessors, equality and hash (the same hash a record of these three components
 * has), kept in a field: a full compile hashes millions of keys, and computing the hash reached through to the
 * match, one more object to load per flow.
 */
public final class FlowKey {

    public static final int MAX_TABLE = 254;

    private final int table;
    private final int priority;
    private final Match match;
    private final int hash;

    public FlowKey(int table, int priority, Match match) {
        checkTable(table);
        if (priority < 0 || priority > 0xFFFF) {
            throw new IllegalArgumentException("priority " + priority + " is outside 0..65535");
        }
        this.table = table;
        this.priority = priority;
        this.match = Objects.requireNonNull(match, "match");
        this.hash = (31 * table + priority) * 31 + match.hashCode();
    }

    public int table() {
        return table;
    }

    public int priority() {
        return priority;
    }

    public Match match() {
        return match;
    }

    static void checkTable(int table) {
        if (table < 0 || table > MAX_TABLE) {
            throw new IllegalArgumentException("table " + table + " is outside 0.." + MAX_TABLE);
        }
    }

    /** {@code priority=P,match} as OVS prints it: priority 32768 (the default) is left out. */
    public String priorityAndMatch() {
        String text = match.toString();
        if (priority == 32768) {
            return text;
        }
        return "priority=" + priority + (text.isEmpty() ? "" : "," + text);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof FlowKey that && hash == that.hash && table == that.table
                && priority == that.priority && match.equals(that.match);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "table=" + table + ", " + priorityAndMatch();
    }
}
