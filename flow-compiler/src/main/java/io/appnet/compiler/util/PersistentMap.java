package io.appnet.compiler.util;

import static io.appnet.compiler.util.Trie.NOT_FOUND;
import static io.appnet.compiler.util.Trie.fragment;

import io.appnet.compiler.util.Trie.BitmapNode;
import io.appnet.compiler.util.Trie.CollisionNode;
import io.appnet.compiler.util.Trie.Effect;
import io.appnet.compiler.util.Trie.Node;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * An immutable hash map whose updates return a new map that shares all untouched structure with the
 * old one (a compressed hash-array mapped prefix trie, "CHAMP"). An update costs O(log32 n) instead
 * of a full copy, which is what lets the compiler keep every compiled state immutable and still
 * answer a single policy change in microseconds.
 *
 * <p>Keys need consistent {@code equals}/{@code hashCode}; null keys and values are rejected.
 * A {@link Builder} applies many updates in place (nodes it created itself are mutated) and is the
 * fast path for bulk construction.
 */
public final class PersistentMap<K, V> implements Iterable<Map.Entry<K, V>> {

    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(Node.EMPTY, 0);

    private final Node root;
    private final int size;

    private PersistentMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    public static <K, V> Builder<K, V> builder() {
        return new Builder<>(Node.EMPTY, 0);
    }

    /**
     * A map with the same entries, built bottom-up in one pass over the entries sorted by their path in
     * the trie: no node is copied, so this is several times faster than inserting one by one.
     */
    public static <K, V> PersistentMap<K, V> copyOf(Map<? extends K, ? extends V> map) {
        List<K> keys = new ArrayList<>(map.size());
        List<V> values = new ArrayList<>(map.size());
        map.forEach((key, value) -> {
            keys.add(key);
            values.add(value);
        });
        return ofEntries(keys, values, (a, b) -> {
            throw new IllegalStateException("duplicate key in a map");
        });
    }

    /**
     * The map of keys.get(i) -> values.get(i), built in bulk like {@link #copyOf}; values of equal keys
     * are combined with {@code merge}, in list order.
     */
    public static <K, V> PersistentMap<K, V> ofEntries(List<? extends K> keys, List<? extends V> values,
                                                        BinaryOperator<V> merge) {
        return ofGroupedEntries(keys, values, group -> {
            V merged = group.get(0);
            for (int i = 1; i < group.size(); i++) {
                merged = Objects.requireNonNull(merge.apply(merged, group.get(i)), "merged value");
            }
            return merged;
        });
    }

    /**
     * The map of keys.get(i) -> values.get(i), built in bulk like {@link #copyOf}; the values of a key that
     * occurs more than once are collected in list order and combined by one call of {@code combine} (so
     * combining k values costs what {@code combine} makes it cost, not k merges).
     */
    public static <K, V> PersistentMap<K, V> ofGroupedEntries(List<? extends K> keys, List<? extends V> values,
                                                               Function<List<V>, V> combine) {
        int count = keys.size();
        if (count != values.size()) {
            throw new IllegalArgumentException(count + " keys but " + values.size() + " values");
        }
        if (count == 0) {
            return empty();
        }
        Sorted sorted = sortedEntries(keys, values, combine);
        return new PersistentMap<>(bulkNode(sorted.keys, sorted.values, sorted.hashes, 0, sorted.size, 0),
                sorted.size);
    }

    /** Distinct keys, their (combined) values and hashes, ordered by trie path; the first {@code size} are used. */
    private static final class Sorted {
        final Object[] keys;
        final Object[] values;
        final int[] hashes;
        final int size;

        private Sorted(Object[] keys, Object[] values, int[] hashes, int size) {
            this.keys = keys;
            this.values = values;
            this.hashes = hashes;
            this.size = size;
        }
    }

    /**
     * The entries sorted by trie path (a radix sort of the hashes' paths, list order among equal paths), equal keys
     * once, their values collected in list order and combined. The first half of every bulk build.
     */
    private static <K, V> Sorted sortedEntries(List<? extends K> keys, List<? extends V> values, Function<List<V>, V> combine) {
        int count = keys.size();
        if (count != values.size()) {
            throw new IllegalArgumentException(count + " keys but " + values.size() + " values");
        }
        long[] order = new long[count];
        int[] hashOf = new int[count];
        for (int i = 0; i < count; i++) {
            hashOf[i] = Objects.requireNonNull(keys.get(i), "key").hashCode();
            Objects.requireNonNull(values.get(i), "value");
            // The unsigned path in the high half, so that sorting by it orders the trie; ties keep list order.
            order[i] = ((long) triePath(hashOf[i]) << 32) | i;
        }
        order = sortByPath(order);
        Object[] sortedKeys = new Object[count];
        Object[] sortedValues = new Object[count];
        int[] sortedHashes = new int[count];
        boolean grouped = false;
        int size = 0;
        int runStart = 0;
        for (int j = 0; j < count; j++) {
            int index = (int) order[j];
            Object key = keys.get(index);
            int hash = hashOf[index];
            if (size > runStart && sortedHashes[size - 1] != hash) {
                runStart = size;
            }
            int same = -1;
            for (int k = runStart; k < size && same < 0; k++) {
                if (sortedKeys[k].equals(key)) {
                    same = k;
                }
            }
            if (same >= 0) {
                Group group = sortedValues[same] instanceof Group existing ? existing : new Group(sortedValues[same]);
                group.add(values.get(index));
                sortedValues[same] = group;
                grouped = true;
            } else {
                sortedKeys[size] = key;
                sortedValues[size] = values.get(index);
                sortedHashes[size] = hash;
                size++;
            }
        }
        if (grouped) {
            for (int k = 0; k < size; k++) {
                if (sortedValues[k] instanceof Group group) {
                    @SuppressWarnings("unchecked")
                    V combined = combine.apply((List<V>) (List<?>) group);
                    sortedValues[k] = Objects.requireNonNull(combined, "combined value");
                }
            }
        }
        return new Sorted(sortedKeys, sortedValues, sortedHashes, size);
    }

    /** The values collected for a key seen more than once during a bulk build (never a map value). */
    private static final class Group extends ArrayList<Object> {
        Group(Object first) {
            super(4);
            add(first);
        }
    }

    /**
     * Sorts {@code path << 32 | index} entries by the unsigned path, equal paths in index order: a stable
     * least-significant-digit radix sort over the path's four bytes (a digit all entries share is skipped).
     * Several times cheaper than a comparison sort for the thousands of flows of one datapath.
     */
    static long[] sortByPath(long[] entries) {
        int count = entries.length;
        if (count < 2) {
            return entries;
        }
        long[] from = entries;
        long[] to = new long[count];
        int[] starts = new int[257];
        for (int shift = 32; shift < 64; shift += 8) {
            Arrays.fill(starts, 0);
            for (long entry : from) {
                starts[(int) (entry >>> shift) & 0xFF]++;
            }
            if (starts[(int) (from[0] >>> shift) & 0xFF] == count) {
                continue;
            }
            int sum = 0;
            for (int digit = 0; digit < 256; digit++) {
                int digits = starts[digit];
                starts[digit] = sum;
                sum += digits;
            }
            for (long entry : from) {
                to[starts[(int) (entry >>> shift) & 0xFF]++] = entry;
            }
            long[] swap = from;
            from = to;
            to = swap;
        }
        return from;
    }

    /** The hash's fragments in trie order (bits 0-4 first), as one number that sorts like the path. */
    static int triePath(int hash) {
        int path = 0;
        for (int shift = 0; shift < 30; shift += 5) {
            path = (path << 5) | fragment(hash, shift);
        }
        return (path << 2) | (hash >>> 30);
    }

    private static Node bulkNode(Object[] keys, Object[] values, int[] hashes, int from, int to, int shift) {
        if (shift >= 32) {
            Object[] content = new Object[2 * (to - from)];
            for (int i = from; i < to; i++) {
                content[2 * (i - from)] = keys[i];
                content[2 * (i - from) + 1] = values[i];
            }
            return new CollisionNode(null, hashes[from], content);
        }
        int dataMap = 0;
        int nodeMap = 0;
        for (int start = from; start < to; ) {
            int fragment = fragment(hashes[start], shift);
            int end = start + 1;
            while (end < to && fragment(hashes[end], shift) == fragment) {
                end++;
            }
            if (end - start == 1) {
                dataMap |= 1 << fragment;
            } else {
                nodeMap |= 1 << fragment;
            }
            start = end;
        }
        Object[] content = new Object[2 * Integer.bitCount(dataMap) + Integer.bitCount(nodeMap)];
        int data = 0;
        int node = content.length - 1;
        for (int start = from; start < to; ) {
            int fragment = fragment(hashes[start], shift);
            int end = start + 1;
            while (end < to && fragment(hashes[end], shift) == fragment) {
                end++;
            }
            if (end - start == 1) {
                content[data++] = keys[start];
                content[data++] = values[start];
            } else {
                content[node--] = bulkNode(keys, values, hashes, start, end, shift + 5);
            }
            start = end;
        }
        return new BitmapNode(null, dataMap, nodeMap, content);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    public V get(Object key) {
        Object found = root.find(Objects.requireNonNull(key, "key"), key.hashCode(), 0);
        return found == NOT_FOUND ? null : (V) found;
    }

    public V getOrDefault(Object key, V fallback) {
        V value = get(key);
        return value == null ? fallback : value;
    }

    public boolean containsKey(Object key) {
        return root.find(Objects.requireNonNull(key, "key"), key.hashCode(), 0) != NOT_FOUND;
    }

    /** This map with {@code key} mapped to {@code value}; this map itself if it already was. */
    public PersistentMap<K, V> plus(K key, V value) {
        Effect effect = new Effect();
        Node updated = root.put(null, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"),
                key.hashCode(), 0, effect);
        if (updated == root) {
            return this;
        }
        return new PersistentMap<>(updated, effect.added ? size + 1 : size);
    }

    /** This map without {@code key}; this map itself if it had no such key. */
    public PersistentMap<K, V> minus(Object key) {
        Effect effect = new Effect();
        Node updated = root.remove(null, Objects.requireNonNull(key, "key"), key.hashCode(), 0, effect);
        if (!effect.removed) {
            return this;
        }
        return new PersistentMap<>(updated, size - 1);
    }

    public Builder<K, V> toBuilder() {
        return new Builder<>(root, size);
    }

    public void forEach(BiConsumer<? super K, ? super V> action) {
        root.forEach(action);
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return new EntryIterator<>(root);
    }

    public List<V> values() {
        List<V> values = new ArrayList<>(size);
        forEach((k, v) -> values.add(v));
        return values;
    }

    public List<K> keys() {
        List<K> keys = new ArrayList<>(size);
        forEach((k, v) -> keys.add(k));
        return keys;
    }

    /** A read-only {@link Map} view, for APIs that speak {@code java.util}. */
    public Map<K, V> asMap() {
        return new MapView<>(this);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof PersistentMap<?, ?> that) || that.size != size) {
            return false;
        }
        for (Map.Entry<K, V> entry : this) {
            Object theirs = that.root.find(entry.getKey(), entry.getKey().hashCode(), 0);
            if (theirs == NOT_FOUND || !theirs.equals(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int[] hash = {0};
        forEach((k, v) -> hash[0] += k.hashCode() ^ v.hashCode());
        return hash[0];
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Applies many updates in place, then freezes them into a {@link PersistentMap} by {@link #build()}. */
    public static final class Builder<K, V> {
        private Object owner = new Object();
        private Node root;
        private int size;

        private Builder(Node root, int size) {
            this.root = root;
            this.size = size;
        }

        public Builder<K, V> put(K key, V value) {
            Effect effect = new Effect();
            root = root.put(owner, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"),
                    key.hashCode(), 0, effect);
            if (effect.added) {
                size++;
            }
            return this;
        }

        public Builder<K, V> remove(Object key) {
            Effect effect = new Effect();
            root = root.remove(owner, Objects.requireNonNull(key, "key"), key.hashCode(), 0, effect);
            if (effect.removed) {
                size--;
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        public V get(Object key) {
            Object found = root.find(Objects.requireNonNull(key, "key"), key.hashCode(), 0);
            return found == NOT_FOUND ? null : (V) found;
        }

        public int size() {
            return size;
        }

        /** Freezes the current content; later updates through this builder copy instead of mutating it. */
        public PersistentMap<K, V> build() {
            owner = new Object();
            return size == 0 ? empty() : new PersistentMap<>(root, size);
        }
    }

    private static final class EntryIterator<K, V> implements Iterator<Map.Entry<K, V>> {
        private final Node[] nodes = new Node[8];
        private final int[] nextNode = new int[8];
        private int depth;
        private Node current;
        private int nextPayload;

        EntryIterator(Node root) {
            nodes[0] = root;
            current = root;
        }

        @Override
        public boolean hasNext() {
            while (nextPayload >= current.payloadArity()) {
                if (!descendOrClimb()) {
                    return false;
                }
            }
            return true;
        }

        private boolean descendOrClimb() {
            while (depth >= 0) {
                Node node = nodes[depth];
                if (nextNode[depth] < node.nodeArity()) {
                    Node child = node.nodeAt(nextNode[depth]++);
                    depth++;
                    nodes[depth] = child;
                    nextNode[depth] = 0;
                    current = child;
                    nextPayload = 0;
                    return true;
                }
                depth--;
            }
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int index = nextPayload++;
            return new AbstractMap.SimpleImmutableEntry<>((K) current.keyAt(index), (V) current.valueAt(index));
        }
    }

    private static final class MapView<K, V> extends AbstractMap<K, V> {
        private final PersistentMap<K, V> map;

        MapView(PersistentMap<K, V> map) {
            this.map = map;
        }

        @Override
        public V get(Object key) {
            return key == null ? null : map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return key != null && map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<K, V>> iterator() {
                    return map.iterator();
                }

                @Override
                public int size() {
                    return map.size();
                }
            };
        }
    }
}
