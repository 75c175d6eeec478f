package io.appnet.compiler.flow;

/** What identifies a flow in a switch: table, priority and match (OpenFlow's "strict" identity). */
public record FlowKey(int table, int priority, Match match) {

    public static final int MAX_TABLE = 254;

    public FlowKey {
        checkTable(table);
        if (priority < 0 || priority > 0xFFFF) {
            throw new IllegalArgumentException("priority " + priority + " is outside 0..65535");
        }
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
    public String toString() {
        return "table=" + table + ", " + priorityAndMatch();
    }
}
