package io.appnet.compiler.util;

import java.util.function.BiConsumer;

/** The nodes of {@link PersistentMap}'s trie (CHAMP): bitmap-indexed nodes and hash-collision nodes. */
final class Trie {

    static final Object NOT_FOUND = new Object();

    private Trie() {
    }

    static final class Effect {
        boolean added;
        boolean removed;
    }

    static int fragment(int hash, int shift) {
        return (hash >>> shift) & 31;
    }

    abstract static class Node {
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
    static final class BitmapNode extends Node {
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
    static final class CollisionNode extends Node {
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
}
