package io.appnet.compiler.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The persistent map behaves like a HashMap, keeps old versions intact, and survives hash collisions. */
class PersistentMapProperties {

    /** A key whose hash is chosen, so that tests can force collisions at every trie level. */
    record Key(int id, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.id == id;
        }
    }

    /** Plain, few distinct (full collisions), equal low bits (deep tries), and well spread hashes. */
    private static int hashOf(int id) {
        return switch (id % 4) {
            case 0 -> id;
            case 1 -> id % 7;
            case 2 -> ((id % 3) << 30) | 5;
            default -> id * 0x9E3779B9;
        };
    }

    /** put (value >= 0) or remove (value < 0) of a key. */
    record Op(Key key, int value) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> ids = Arbitraries.integers().between(0, 300);
        Arbitrary<Key> keys = ids.map(id -> new Key(id, hashOf(id)));
        return Combinators.combine(keys, Arbitraries.integers().between(-3, 5)).as(Op::new).list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void behavesLikeAHashMapAndLeavesOldVersionsAlone(@ForAll("operations") List<Op> operations) {
        PersistentMap<Key, Integer> map = PersistentMap.empty();
        Map<Key, Integer> reference = new HashMap<>();
        for (Op op : operations) {
            PersistentMap<Key, Integer> before = map;
            Map<Key, Integer> referenceBefore = new HashMap<>(reference);
            if (op.value() >= 0) {
                map = map.plus(op.key(), op.value());
                reference.put(op.key(), op.value());
            } else {
                map = map.minus(op.key());
                reference.remove(op.key());
            }
            assertThat(before.asMap()).isEqualTo(referenceBefore);
            assertThat(map.size()).isEqualTo(reference.size());
            assertThat(map.get(op.key())).isEqualTo(reference.get(op.key()));
        }
        assertThat(map.asMap()).isEqualTo(reference);
        assertThat(map).isEqualTo(PersistentMap.copyOf(reference));
        assertThat(map.hashCode()).isEqualTo(PersistentMap.copyOf(reference).hashCode());
    }

    @Property(tries = 200)
    void builderAgreesWithPersistentUpdatesAndFreezes(@ForAll("operations") List<Op> operations) {
        PersistentMap<Key, Integer> persistent = PersistentMap.empty();
        PersistentMap.Builder<Key, Integer> builder = PersistentMap.builder();
        PersistentMap<Key, Integer> frozenHalfway = null;
        Map<Key, Integer> halfway = null;
        for (int i = 0; i < operations.size(); i++) {
            Op op = operations.get(i);
            if (op.value() >= 0) {
                persistent = persistent.plus(op.key(), op.value());
                builder.put(op.key(), op.value());
            } else {
                persistent = persistent.minus(op.key());
                builder.remove(op.key());
            }
            if (i == operations.size() / 2) {
                frozenHalfway = builder.build();
                halfway = new HashMap<>(persistent.asMap());
            }
        }
        assertThat(builder.build()).isEqualTo(persistent);
        if (frozenHalfway != null) {
            assertThat(frozenHalfway.asMap()).isEqualTo(halfway);
        }
    }

    /** A bulk build equals puts one by one; values of equal keys are combined in list order. */
    @Property(tries = 200)
    void bulkBuildAgreesWithPutsAndCombinesInListOrder(@ForAll("operations") List<Op> operations) {
        List<Key> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Map<Key, String> folded = new HashMap<>();
        Map<Key, List<String>> groups = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            Key key = operations.get(i).key();
            String value = "v" + i;
            keys.add(key);
            values.add(value);
            folded.merge(key, value, (a, b) -> a + "+" + b);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        PersistentMap<Key, String> merged = PersistentMap.ofEntries(keys, values, (a, b) -> a + "+" + b);
        PersistentMap<Key, String> grouped = PersistentMap.ofGroupedEntries(keys, values,
                group -> "[" + String.join(",", group) + "]");

        assertThat(merged.asMap()).isEqualTo(folded);
        assertThat(merged.size()).isEqualTo(folded.size());
        Map<Key, String> expectedGroups = new HashMap<>();
        groups.forEach((key, group) -> expectedGroups.put(key, group.size() == 1 ? group.get(0)
                : "[" + String.join(",", group) + "]"));
        assertThat(grouped.asMap()).isEqualTo(expectedGroups);
        PersistentMap<Key, String> puts = PersistentMap.empty();
        for (Map.Entry<Key, String> entry : folded.entrySet()) {
            puts = puts.plus(entry.getKey(), entry.getValue());
        }
        assertThat(merged).isEqualTo(puts);
        for (Key key : folded.keySet()) {
            assertThat(merged.get(key)).isEqualTo(folded.get(key));
            assertThat(merged.plus(key, "x").minus(key).containsKey(key)).isFalse();
        }
    }

    /** The radix sort orders by the unsigned high half, equal halves by the low half (the list index). */
    @Property(tries = 200)
    void sortByPathIsAStableUnsignedSort(@ForAll List<Integer> paths) {
        long[] entries = new long[paths.size()];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = ((long) paths.get(i) << 32) | i;
        }
        List<Long> expected = new ArrayList<>();
        for (long entry : entries) {
            expected.add(entry);
        }
        expected.sort((a, b) -> {
            int byPath = Integer.compareUnsigned((int) (a >>> 32), (int) (b >>> 32));
            return byPath != 0 ? byPath : Long.compare(a & 0xFFFFFFFFL, b & 0xFFFFFFFFL);
        });
        long[] sorted = PersistentMap.sortByPath(entries);
        List<Long> actual = new ArrayList<>();
        for (long entry : sorted) {
            actual.add(entry);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void unchangedUpdatesReturnTheSameMap() {
        PersistentMap<String, Integer> map = PersistentMap.<String, Integer>empty().plus("a", 1);
        assertThat(map.plus("a", 1)).isSameAs(map);
        assertThat(map.minus("b")).isSameAs(map);
    }
}
