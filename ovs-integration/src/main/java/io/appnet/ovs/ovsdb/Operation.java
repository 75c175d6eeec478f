package io.appnet.ovs.ovsdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One database operation of a "transact" request (RFC 7047 section 5.2). Rows inserted in the same
 * transaction are referred to by their uuid-name with {@link Atom#namedUuid}.
 */
public sealed interface Operation {

    record Insert(String table, Map<String, Datum> row, Optional<String> uuidName) implements Operation {
        public Insert {
            row = Map.copyOf(row);
            uuidName.ifPresent(Atom::namedUuid); // validates
        }
    }

    record Update(String table, List<Condition> where, Map<String, Datum> row) implements Operation {
        public Update {
            where = List.copyOf(where);
            row = Map.copyOf(row);
        }
    }

    record Mutate(String table, List<Condition> where, List<Mutation> mutations) implements Operation {
        public Mutate {
            where = List.copyOf(where);
            mutations = List.copyOf(mutations);
        }
    }

    record Select(String table, List<Condition> where, List<String> columns) implements Operation {
        public Select {
            where = List.copyOf(where);
            columns = List.copyOf(columns);
        }
    }

    /**
     * Succeeds when the rows matching {@code where}, projected onto {@code columns}, equal ({@code until} "==")
     * or differ from ("!=") {@code rows}; with timeout 0 it fails at once otherwise, which makes it a guard.
     */
    record Wait(String table, List<Condition> where, List<String> columns, String until, List<Map<String, Datum>> rows,
            long timeoutMillis) implements Operation {
        public Wait {
            where = List.copyOf(where);
            columns = List.copyOf(columns);
            rows = rows.stream().map(Map::copyOf).toList();
            if (!until.equals("==") && !until.equals("!=")) {
                throw new IllegalArgumentException("wait until must be == or !=, not " + until);
            }
            if (timeoutMillis < 0) {
                throw new IllegalArgumentException("wait timeout must not be negative");
            }
        }
    }

    /** Recorded in the database's transaction log, so an operator reading it sees who changed what. */
    record Comment(String comment) implements Operation { }

    static Operation insert(String table, Map<String, Datum> row, String uuidName) {
        return new Insert(table, row, Optional.of(uuidName));
    }

    static Operation update(String table, List<Condition> where, Map<String, Datum> row) {
        return new Update(table, where, row);
    }

    static Operation mutate(String table, List<Condition> where, Mutation... mutations) {
        return new Mutate(table, where, List.of(mutations));
    }

    static Operation select(String table, List<Condition> where, String... columns) {
        return new Select(table, where, List.of(columns));
    }

    /** Fails the transaction at once unless the matching rows, projected onto {@code columns}, are exactly {@code rows}. */
    static Operation assertRows(String table, List<Condition> where, List<String> columns, List<Map<String, Datum>> rows) {
        return new Wait(table, where, columns, "==", rows, 0);
    }

    static Operation comment(String comment) {
        return new Comment(comment);
    }
}
