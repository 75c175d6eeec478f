package io.appnet.controller.store;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Changes to a table whose rows are replaced whole by key (groups, destinations, per-app addresses): rows to put
 * (insert or replace) and keys to remove. Removals apply first.
 */
public record StoredRows<T>(List<T> put, Set<String> removed) {

    public StoredRows {
        put = List.copyOf(put);
        removed = Set.copyOf(removed);
    }

    public static <T> StoredRows<T> none() {
        return new StoredRows<>(List.of(), Set.of());
    }

    public boolean isEmpty() {
        return put.isEmpty() && removed.isEmpty();
    }

    StoredRows<T> putting(List<T> rows) {
        return new StoredRows<>(StoreFields.concat(put, rows), removed);
    }

    StoredRows<T> removing(Set<String> keys) {
        return new StoredRows<>(put, StoreFields.union(removed, keys));
    }

    /** The keys of the rows put. */
    Set<String> putKeys(Function<T, String> key) {
        return Set.copyOf(put.stream().map(key).toList());
    }
}
