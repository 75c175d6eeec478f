package io.appnet.compiler.util;

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
    private static final Object NOT_FOUND = new Object();

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
        int count = keys.size();
        if (count != values.size()) {
            throw new IllegalArgumentException(count + " keys but " + values.size() + " values");
        }
        if (count == 0) {
            return empty();
        }
        long[] order = new long[count];
        int[] hashOf = new int[count];
        for (int i = 0; i < count; i++) {
            hashOf[i] = Objects.requireNonNull(keys.get(i), "key").hashCode();
            Objects.requireNonNull(values.get(i), "value");
            // Sign bit flipped so that a signed sort orders the unsigned path; ties keep list order.
            order[i] = ((long) (triePath(hashOf[i]) ^ Integer.MIN_VALUE) << 32) | i;
        }
        Arrays.sort(order);
        Object[] sortedKeys = new Object[count];
        Object[] sortedValues = new Object[count];
        int[] sortedHashes = new int[count];
        int size = 0;
        int runStart = 0;
        for (int j = 0; j < count; j++) {
            int index = (int) order[j];
            if (size > runStart && sortedHashes[size - 1] != hashOf[index]) {
                runStart = size;
            }
            int same = -1;
            for (int k = runStart; k < size && same < 0; k++) {
                if (sortedKeys[k].equals(keys.get(index))) {
                    same = k;
                }
            }
            if (same >= 0) {
                @SuppressWarnings("unchecked")
                V merged = merge.apply((V) sortedValues[same], values.get(index));
                sortedValues[same] = Objects.requireNonNull(merged, "merged value");
            } else {
                sortedKeys[size] = keys.get(index);
                sortedValues[size] = values.get(index);
                sortedHashes[size] = hashOf[index];
                size++;
            }
        }
        return new PersistentMap<>(bulkNode(sortedKeys, sortedValues, sortedHashes, 0, size, 0), size);
    }

    /** The hash's fragments in trie order (bits 0-4 first), as one number that sorts like the path. */
    private static int triePath(int hash) {
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

    private static final class Effect {
        boolean added;
        boolean removed;
    }

    private static int fragment(int hash, int shift) {
        return (hash >>> shift) & 31;
    }

    private abstract static class Node {
        static final Node EMPTY = new BitmapNode(null, 0, 0, new Object[0]);

        abstract Object find(Object key, int hash, int shift);

        abstract Node put(Object owner, Object key, Object value, int hash, int shift, Effect effect);

        abstract Node remove(Object owner, Object key, int hash, int shift, Effect effect);

        abstract int payloadArity();

        abstract int nodeArity();

        abstract Object keyAt(int index);

        abstract Object valueAt(int index);

        abstract Node nodeAt(int index);

        /** True for a node that holds exactly one entry and no sub-node: its parent inlines it. */
        final boolean isSingleton() {
            return payloadArity() == 1 && nodeArity() == 0;
        }

        @SuppressWarnings("unchecked")
        final <K, V> void forEach(BiConsumer<? super K, ? super V> action) {
            for (int i = 0, n = payloadArity(); i < n; i++) {
                action.accept((K) keyAt(i), (V) valueAt(i));
            }
            for (int i = 0, n = nodeArity(); i < n; i++) {
                nodeAt(i).forEach(action);
            }
        }
    }

    /**
     * Entries in {@code content[0 .. 2*payloads)} as key, value pairs; sub-nodes from the end of the
     * array backwards, so both grow towards the middle.
     */
    private static final class BitmapNode extends Node {
        private final Object owner;
        private int dataMap;
        private int nodeMap;
        private Object[] content;

        BitmapNode(Object owner, int dataMap, int nodeMap, Object[] content) {
            this.owner = owner;
            this.dataMap = dataMap;
            this.nodeMap = nodeMap;
            this.content = content;
        }

        static BitmapNode singleton(Object owner, Object key, Object value, int hash) {
            return new BitmapNode(owner, 1 << fragment(hash, 0), 0, new Object[] {key, value});
        }

        @Override
        int payloadArity() {
            return Integer.bitCount(dataMap);
        }

        @Override
        int nodeArity() {
            return Integer.bitCount(nodeMap);
        }

        @Override
        Object keyAt(int index) {
            return content[2 * index];
        }

        @Override
        Object valueAt(int index) {
            return content[2 * index + 1];
        }

        @Override
        Node nodeAt(int index) {
            return (Node) content[content.length - 1 - index];
        }

        private int dataIndex(int bit) {
            return Integer.bitCount(dataMap & (bit - 1));
        }

        private int nodeIndex(int bit) {
            return Integer.bitCount(nodeMap & (bit - 1));
        }

        @Override
        Object find(Object key, int hash, int shift) {
            int bit = 1 << fragment(hash, shift);
            if ((dataMap & bit) != 0) {
                int index = dataIndex(bit);
                return key.equals(keyAt(index)) ? valueAt(index) : NOT_FOUND;
            }
            if ((nodeMap & bit) != 0) {
                return nodeAt(nodeIndex(bit)).find(key, hash, shift + 5);
            }
            return NOT_FOUND;
        }

        @Override
        Node put(Object owner, Object key, Object value, int hash, int shift, Effect effect) {
            int bit = 1 << fragment(hash, shift);
            if ((dataMap & bit) != 0) {
                int index = dataIndex(bit);
                Object existingKey = keyAt(index);
                if (key.equals(existingKey)) {
                    Object existingValue = valueAt(index);
                    if (existingValue == value || existingValue.equals(value)) {
                        return this;
                    }
                    return withValue(owner, index, value);
                }
                Object existingValue = valueAt(index);
                Node merged = mergeTwo(owner, existingKey, existingValue, existingKey.hashCode(),
                        key, value, hash, shift + 5);
                effect.added = true;
                return withDataMovedToNode(owner, bit, index, merged);
            }
            if ((nodeMap & bit) != 0) {
                int index = nodeIndex(bit);
                Node child = nodeAt(index);
                Node updated = child.put(owner, key, value, hash, shift + 5, effect);
                return updated == child ? this : withNode(owner, index, updated);
            }
            effect.added = true;
            return withDataInserted(owner, bit, key, value);
        }

        @Override
        Node remove(Object owner, Object key, int hash, int shift, Effect effect) {
            int bit = 1 << fragment(hash, shift);
            if ((dataMap & bit) != 0) {
                int index = dataIndex(bit);
                if (!key.equals(keyAt(index))) {
                    return this;
                }
                effect.removed = true;
                if (shift > 0 && payloadArity() == 2 && nodeArity() == 0) {
                    // The survivor becomes a singleton that the parent inlines; its bitmap is for shift 0.
                    int other = index ^ 1;
                    Object survivor = keyAt(other);
                    return singleton(owner, survivor, valueAt(other), survivor.hashCode());
                }
                return withDataRemoved(owner, bit, index);
            }
            if ((nodeMap & bit) != 0) {
                int index = nodeIndex(bit);
                Node child = nodeAt(index);
                Node updated = child.remove(owner, key, hash, shift + 5, effect);
                if (updated == child) {
                    return this;
                }
                if (updated.isSingleton()) {
                    if (payloadArity() == 0 && nodeArity() == 1) {
                        return updated;
                    }
                    return withNodeInlined(owner, bit, index, updated.keyAt(0), updated.valueAt(0));
                }
                return withNode(owner, index, updated);
            }
            return this;
        }

        private boolean editable(Object editor) {
            return editor != null && editor == this.owner;
        }

        private Node withValue(Object editor, int index, Object value) {
            if (editable(editor)) {
                content[2 * index + 1] = value;
                return this;
            }
            Object[] copy = content.clone();
            copy[2 * index + 1] = value;
            return new BitmapNode(editor, dataMap, nodeMap, copy);
        }

        private Node withNode(Object editor, int index, Node node) {
            int slot = content.length - 1 - index;
            if (editable(editor)) {
                content[slot] = node;
                return this;
            }
            Object[] copy = content.clone();
            copy[slot] = node;
            return new BitmapNode(editor, dataMap, nodeMap, copy);
        }

        private Node withDataInserted(Object editor, int bit, Object key, Object value) {
            int index = 2 * dataIndex(bit);
            Object[] copy = new Object[content.length + 2];
            System.arraycopy(content, 0, copy, 0, index);
            copy[index] = key;
            copy[index + 1] = value;
            System.arraycopy(content, index, copy, index + 2, content.length - index);
            return replace(editor, dataMap | bit, nodeMap, copy);
        }

        private Node withDataRemoved(Object editor, int bit, int dataIdx) {
            int index = 2 * dataIdx;
            Object[] copy = new Object[content.length - 2];
            System.arraycopy(content, 0, copy, 0, index);
            System.arraycopy(content, index + 2, copy, index, content.length - index - 2);
            return replace(editor, dataMap ^ bit, nodeMap, copy);
        }

        private Node withDataMovedToNode(Object editor, int bit, int dataIdx, Node node) {
            int oldIndex = 2 * dataIdx;
            int newNodeSlot = content.length - 2 - nodeIndex(bit);
            Object[] copy = new Object[content.length - 1];
            System.arraycopy(content, 0, copy, 0, oldIndex);
            System.arraycopy(content, oldIndex + 2, copy, oldIndex, newNodeSlot - oldIndex);
            copy[newNodeSlot] = node;
            System.arraycopy(content, newNodeSlot + 2, copy, newNodeSlot + 1, content.length - newNodeSlot - 2);
            return replace(editor, dataMap ^ bit, nodeMap | bit, copy);
        }

        private Node withNodeInlined(Object editor, int bit, int nodeIdx, Object key, Object value) {
            int oldNodeSlot = content.length - 1 - nodeIdx;
            int newIndex = 2 * dataIndex(bit);
            Object[] copy = new Object[content.length + 1];
            System.arraycopy(content, 0, copy, 0, newIndex);
            copy[newIndex] = key;
            copy[newIndex + 1] = value;
            System.arraycopy(content, newIndex, copy, newIndex + 2, oldNodeSlot - newIndex);
            System.arraycopy(content, oldNodeSlot + 1, copy, oldNodeSlot + 2, content.length - oldNodeSlot - 1);
            return replace(editor, dataMap | bit, nodeMap ^ bit, copy);
        }

        private Node replace(Object editor, int newDataMap, int newNodeMap, Object[] newContent) {
            if (editable(editor)) {
                dataMap = newDataMap;
                nodeMap = newNodeMap;
                content = newContent;
                return this;
            }
            return new BitmapNode(editor, newDataMap, newNodeMap, newContent);
        }

        private static Node mergeTwo(Object owner, Object key0, Object value0, int hash0,
                                     Object key1, Object value1, int hash1, int shift) {
            if (shift >= 32) {
                return new CollisionNode(owner, hash0, new Object[] {key0, value0, key1, value1});
            }
            int fragment0 = fragment(hash0, shift);
            int fragment1 = fragment(hash1, shift);
            if (fragment0 != fragment1) {
                int dataMap = (1 << fragment0) | (1 << fragment1);
                Object[] content = fragment0 < fragment1
                        ? new Object[] {key0, value0, key1, value1}
                        : new Object[] {key1, value1, key0, value0};
                return new BitmapNode(owner, dataMap, 0, content);
            }
            Node child = mergeTwo(owner, key0, value0, hash0, key1, value1, hash1, shift + 5);
            return new BitmapNode(owner, 0, 1 << fragment0, new Object[] {child});
        }
    }

    /** Keys whose 32-bit hashes are equal: a plain array, searched linearly. */
    private static final class CollisionNode extends Node {
        private final Object owner;
        private final int hash;
        private Object[] content;

        CollisionNode(Object owner, int hash, Object[] content) {
            this.owner = owner;
            this.hash = hash;
            this.content = content;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < content.length; i += 2) {
                if (key.equals(content[i])) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        Object find(Object key, int hash, int shift) {
            int index = indexOf(key);
            return index < 0 ? NOT_FOUND : content[index + 1];
        }

        @Override
        Node put(Object editor, Object key, Object value, int hash, int shift, Effect effect) {
            int index = indexOf(key);
            Object[] copy;
            if (index >= 0) {
                if (content[index + 1].equals(value)) {
                    return this;
                }
                copy = content.clone();
                copy[index + 1] = value;
            } else {
                effect.added = true;
                copy = new Object[content.length + 2];
                System.arraycopy(content, 0, copy, 0, content.length);
                copy[content.length] = key;
                copy[content.length + 1] = value;
            }
            if (editor != null && editor == owner) {
                content = copy;
                return this;
            }
            return new CollisionNode(editor, this.hash, copy);
        }

        @Override
        Node remove(Object editor, Object key, int hash, int shift, Effect effect) {
            int index = indexOf(key);
            if (index < 0) {
                return this;
            }
            effect.removed = true;
            if (content.length == 4) {
                int other = index == 0 ? 2 : 0;
                return BitmapNode.singleton(editor, content[other], content[other + 1], this.hash);
            }
            Object[] copy = new Object[content.length - 2];
            System.arraycopy(content, 0, copy, 0, index);
            System.arraycopy(content, index + 2, copy, index, content.length - index - 2);
            if (editor != null && editor == owner) {
                content = copy;
                return this;
            }
            return new CollisionNode(editor, this.hash, copy);
        }

        @Override
        int payloadArity() {
            return content.length / 2;
        }

        @Override
        int nodeArity() {
            return 0;
        }

        @Override
        Object keyAt(int index) {
            return content[2 * index];
        }

        @Override
        Object valueAt(int index) {
            return content[2 * index + 1];
        }

        @Override
        Node nodeAt(int index) {
            throw new IndexOutOfBoundsException(index);
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
