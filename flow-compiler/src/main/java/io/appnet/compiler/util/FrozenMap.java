package io.appnet.compiler.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * An immutable hash map built once, in bulk, and never updated: three arrays (the keys' hashes, keys, values)
 * sorted by hash, looked up by binary search. No nodes: a full compile builds one map of thousands of flows per
 * datapath, and a trie's nodes were most of the objects the compile kept (and the garbage collector copied). Pair
 * it with a {@link PersistentMap} of changes to update it (as {@code DatapathTables} does).
 *
 * <p>Keys need consistent {@code equals}/{@code hashCode}; null keys and values are rejected.
 */
public final class FrozenMap<K, V> {

    private static final FrozenMap<?, ?> EMPTY = new FrozenMap<>(new int[0], new Object[0], new Object[0]);

    /** Each key's hash, ascending. */
    private final int[] hashes;
    private final Object[] keys;
    private final Object[] values;

    private FrozenMap(int[] hashes, Object[] keys, Object[] values) {
        this.hashes = hashes;
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
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException(keys.size() + " keys but " + values.size() + " values");
        }
        Builder<K, V> builder = new Builder<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            builder.add(keys.get(i), values.get(i));
        }
        return builder.build(combine);
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
        int hash = Objects.requireNonNull(key, "key").hashCode();
        int low = 0;
        int high = hashes.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int atMiddle = hashes[middle];
            if (atMiddle < hash) {
                low = middle + 1;
            } else if (atMiddle > hash) {
                high = middle - 1;
            } else {
                int first = middle;
                while (first > 0 && hashes[first - 1] == hash) {
                    first--;
                }
                for (int i = first; i < hashes.length && hashes[i] == hash; i++) {
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

    /**
     * Collects entries for one map at a time and keeps its working arrays for the next: a full compile builds a
     * thousand maps of thousands of entries, and the arrays a build throws away were a third of what it allocated.
     * The only arrays a map gets are its own three, of its exact size. Not thread-safe.
     */
    public static final class Builder<K, V> {
        private Object[] keys;
        private Object[] values;
        private int[] hashOf;
        /** Per entry: its hash with the sign bit flipped (so unsigned order is signed order) in the high half, its index in the low. */
        private long[] order;
        private long[] spare;
        private int count;

        public Builder(int capacity) {
            int initial = Math.max(16, capacity);
            keys = new Object[initial];
            values = new Object[initial];
            hashOf = new int[initial];
        }

        public void add(K key, V value) {
            if (count == keys.length) {
                int grown = count * 2;
                keys = Arrays.copyOf(keys, grown);
                values = Arrays.copyOf(values, grown);
                hashOf = Arrays.copyOf(hashOf, grown);
            }
            keys[count] = key;
            values[count] = Objects.requireNonNull(value, "value");
            hashOf[count] = Objects.requireNonNull(key, "key").hashCode();
            count++;
        }

        /**
         * The map of the entries added since the last build; the values of a key added more than once are
         * collected in the order they were added and combined by one call of {@code combine}. Leaves the builder
         * empty.
         */
        @SuppressWarnings("unchecked")
        public FrozenMap<K, V> build(Function<List<V>, V> combine) {
            if (count == 0) {
                return empty();
            }
            sortByHash();
            int distinct = markRepeatedKeys();
            int[] builtHashes = new int[distinct];
            Object[] builtKeys = new Object[distinct];
            Object[] builtValues = new Object[distinct];
            boolean grouped = false;
            int size = 0;
            int runStart = 0;
            for (int j = 0; j < count; j++) {
                long entry = order[j];
                int index = (int) entry & Integer.MAX_VALUE;
                int hash = hashOf[index];
                if (size == 0 || builtHashes[size - 1] != hash) {
                    runStart = size;
                }
                if ((entry & REPEATED) == 0) {
                    builtHashes[size] = hash;
                    builtKeys[size] = keys[index];
                    builtValues[size] = values[index];
                    size++;
                    continue;
                }
                int same = runStart;
                while (!builtKeys[same].equals(keys[index])) {
                    same++;
                }
                Group group = builtValues[same] instanceof Group existing ? existing : new Group(builtValues[same]);
                group.add(values[index]);
                builtValues[same] = group;
                grouped = true;
            }
            if (grouped) {
                for (int k = 0; k < size; k++) {
                    if (builtValues[k] instanceof Group group) {
                        builtValues[k] = Objects.requireNonNull(combine.apply((List<V>) (List<?>) group),
                                "combined value");
                    }
                }
            }
            Arrays.fill(keys, 0, count, null);
            Arrays.fill(values, 0, count, null);
            count = 0;
            return new FrozenMap<>(builtHashes, builtKeys, builtValues);
        }

        /** Bit 31 of an {@link #order} entry: its key equals an earlier entry's (indexes use bits 0-30). */
        private static final long REPEATED = 1L << 31;

        /** Marks the entries whose key an earlier entry (in sorted order) has; returns the number of distinct keys. */
        private int markRepeatedKeys() {
            int distinct = 0;
            int runStart = 0;
            for (int j = 0; j < count; j++) {
                if (j > 0 && (order[j] >>> 32) != (order[j - 1] >>> 32)) {
                    runStart = j;
                }
                Object key = keys[(int) order[j] & Integer.MAX_VALUE];
                boolean repeated = false;
                for (int k = runStart; k < j && !repeated; k++) {
                    repeated = (order[k] & REPEATED) == 0 && keys[(int) order[k] & Integer.MAX_VALUE].equals(key);
                }
                if (repeated) {
                    order[j] |= REPEATED;
                } else {
                    distinct++;
                }
            }
            return distinct;
        }

        /** A stable radix sort of the entries by hash (8 bits a pass; a pass where all agree is skipped). */
        private void sortByHash() {
            if (order == null || order.length < count) {
                order = new long[keys.length];
                spare = new long[keys.length];
            }
            for (int i = 0; i < count; i++) {
                order[i] = ((long) (hashOf[i] ^ Integer.MIN_VALUE) << 32) | i;
            }
            int[] starts = new int[256];
            for (int shift = 32; shift < 64; shift += 8) {
                Arrays.fill(starts, 0);
                for (int i = 0; i < count; i++) {
                    starts[(int) (order[i] >>> shift) & 0xFF]++;
                }
                if (starts[(int) (order[0] >>> shift) & 0xFF] == count) {
                    continue;
                }
                int sum = 0;
                for (int digit = 0; digit < 256; digit++) {
                    int digits = starts[digit];
                    starts[digit] = sum;
                    sum += digits;
                }
                for (int i = 0; i < count; i++) {
                    long entry = order[i];
                    spare[starts[(int) (entry >>> shift) & 0xFF]++] = entry;
                }
                long[] swap = order;
                order = spare;
                spare = swap;
            }
        }
    }

    /** The values collected for a key added more than once (never a map value). */
    private static final class Group extends ArrayList<Object> {
        Group(Object first) {
            super(4);
            add(first);
        }
    }
}
