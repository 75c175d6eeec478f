package io.appnet.ovs.ovsdb;

import java.util.Set;

/** One {@code <condition>} of a "where" clause (RFC 7047 5.1): [column, function, value]. */
public record Condition(String column, String function, Datum value) {

    private static final Set<String> FUNCTIONS = Set.of("<", "<=", "==", "!=", ">=", ">", "includes", "excludes");

    public Condition {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException("a condition needs a column");
        }
        if (!FUNCTIONS.contains(function)) {
            throw new IllegalArgumentException("'" + function + "' is not one of " + FUNCTIONS);
        }
        if (value == null) {
            throw new IllegalArgumentException("a condition needs a value");
        }
    }

    public static Condition equal(String column, Datum value) {
        return new Condition(column, "==", value);
    }

    /** {@code _uuid == ["uuid", uuid]}: exactly one known row. */
    public static Condition isRow(String uuid) {
        return equal("_uuid", Datum.of(Atom.uuid(uuid)));
    }
}
