package io.appnet.ovs.ovsdb;

import java.util.Set;

/** One {@code <mutation>} (RFC 7047 5.1): [column, mutator, value]. */
public record Mutation(String column, String mutator, Datum value) {

    private static final Set<String> MUTATORS = Set.of("+=", "-=", "*=", "/=", "%=", "insert", "delete");

    public Mutation {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException("a mutation needs a column");
        }
        if (!MUTATORS.contains(mutator)) {
            throw new IllegalArgumentException("'" + mutator + "' is not one of " + MUTATORS);
        }
        if (value == null) {
            throw new IllegalArgumentException("a mutation needs a value");
        }
    }

    /** Adds set elements, or map pairs whose key is not present yet. */
    public static Mutation insert(String column, Datum value) {
        return new Mutation(column, "insert", value);
    }

    /** Removes set elements; on a map column, a set value removes the pairs with those keys. */
    public static Mutation delete(String column, Datum value) {
        return new Mutation(column, "delete", value);
    }
}
