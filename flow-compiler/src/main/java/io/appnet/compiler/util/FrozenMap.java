package io.appnet.compiler.util;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * An immutable hash map built once, in bulk, and never updated: three arrays (the keys' trie paths, keys,
 * values) sorted by path, looked up by binary search. Built by the same sort as {@link PersistentMap}'s bulk
 * build but without its nodes: a full compile builds one map of thousands of flows per datapath, and the
 * trie's nodes were most of the objects the compile kept (and the garbage collector copied). Pair it with a
 * {@link PersistentMap} of changes to update it (as {@code DatapathTables} does).
 *
 * <p>Keys need consistent {@code equals}/{@code hashCode}; null keys and values are rejected.
 */
public final class FrozenMap<K, V> {

    private static final FrozenMap<?, ?> EMPTY = new FrozenMap<>(new int[0], new Object[0], new Object[0]);

    /** {@code PersistentMap.triePath} of each key's hash, ascending as unsigned numbers. */
    private final int[] paths;
    private final Object[] keys;
    private final Object[] values;

    private FrozenMap(int[] paths, Object[] keys, Object[] values) {
        this.paths = paths;
        this.keys = keys;
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    public static <K, V> FrozenMap<K, V> empty() {
        return (FrozenMap<K, V>) EMPTY;
    }

    /**
     * The map of keys.get(i) -> values.get(i); the values of a key that occurs more than once are collected in
     * list order and combined by one call of {@code combine}.
     */
    public static <K, V> FrozenMap<K, V> ofGroupedEntries(List<? extends K> keys, List<? extends V> values,
                                                         Function<List<V>, V> combine) {
        if (keys.isEmpty() && values.isEmpty()) {
            return empty();
        }
        PersistentMap.Sorted sorted = PersistentMap.sortedEntries(keys, values, combine);
        int size = sorted.size;
        int[] paths = new int[size];
        for (int i = 0; i < size; i++) {
            paths[i] = PersistentMap.triePath(sorted.hashes[i]);
        }
        return new FrozenMap<>(paths, Arrays.copyOf(sorted.keys, size), Arrays.copyOf(sorted.values, size));
    }

    /** The map of distinct keys.get(i) -> values.get(i); a repeated key throws. */
    public static <K, V> FrozenMap<K, V> ofDistinct(List<? extends K> keys, List<? extends V> values) {
        return ofGroupedEntries(keys, values, group -> {
            throw new IllegalArgumentException("duplicate key in a map");
        });
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int path = PersistentMap.triePath(Objects.requireNonNull(key, "key").hashCode());
        int low = 0;
        int high = paths.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int compared = Integer.compareUnsigned(paths[middle], path);
            if (compared < 0) {
                low = middle + 1;
            } else if (compared > 0) {
                high = middle - 1;
            } else {
                int first = middle;
                while (first > 0 && paths[first - 1] == path) {
                    first--;
                }
                for (int i = first; i < paths.length && paths[i] == path; i++) {
                    if (keys[i].equals(key)) {
                        return (V) values[i];
                    }
                }
                return null;
            }
        }
        return null;
    }

    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept((K) keys[i], (V) values[i]);
        }
    }

    @Override
    public String toString() {
        return "FrozenMap[" + keys.length + " entries]";
    }
}
