package io.appnet.compiler.model;

import io.appnet.compiler.util.PersistentMap;

/** Helpers for the model's two-level persistent indexes (key -> inner map). */
final class Index {

    private Index() {
    }

    static <K, J, V> PersistentMap<J, V> get(PersistentMap<K, PersistentMap<J, V>> index, K key) {
        return index.getOrDefault(key, PersistentMap.empty());
    }

    static <K, J, V> PersistentMap<K, PersistentMap<J, V>> put(PersistentMap<K, PersistentMap<J, V>> index,
                                                                K key, J inner, V value) {
        return index.plus(key, get(index, key).plus(inner, value));
    }

    /** Removes one inner entry; drops the key when its inner map becomes empty. */
    static <K, J, V> PersistentMap<K, PersistentMap<J, V>> remove(PersistentMap<K, PersistentMap<J, V>> index,
                                                                   K key, J inner) {
        PersistentMap<J, V> remaining = get(index, key).minus(inner);
        return remaining.isEmpty() ? index.minus(key) : index.plus(key, remaining);
    }

    /** Counts up an inner key. */
    static <K, J> PersistentMap<K, PersistentMap<J, Integer>> increment(
            PersistentMap<K, PersistentMap<J, Integer>> index, K key, J inner) {
        return put(index, key, inner, get(index, key).getOrDefault(inner, 0) + 1);
    }

    /** Counts down an inner key, removing it at zero. */
    static <K, J> PersistentMap<K, PersistentMap<J, Integer>> decrement(
            PersistentMap<K, PersistentMap<J, Integer>> index, K key, J inner) {
        int count = get(index, key).getOrDefault(inner, 0);
        return count <= 1 ? remove(index, key, inner) : put(index, key, inner, count - 1);
    }
}
