package io.appnet.compiler;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowKey;
import io.appnet.compiler.flow.Instructions;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.util.FrozenMap;
import io.appnet.compiler.util.PersistentMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The compiled flow tables of one datapath. Immutable. Several owners may want a flow with the same key
 * (table, priority, match): clauses of different group policies on the same app merge their
 * conjunction actions into one flow; otherwise the candidate with the lowest cookie wins (e.g. two
 * policies whose port ranges share a block). The candidates are kept so that removing one owner
 * restores exactly what a full compile without it gives.
 */
public final class DatapathTables {

    /** dump-flows order: table ascending, priority descending, then by text. */
    public static final Comparator<FlowEntry> DISPLAY_ORDER = Comparator.comparingInt(FlowEntry::table)
            .thenComparing(Comparator.comparingInt(FlowEntry::priority).reversed())
            .thenComparing(flow -> flow.match().toString());

    /**
     * Lowest cookie first; clauses with the same cookie (the egress clauses of many policies) by the hash of
     * their instructions and only on equal hashes by their text: rendering text in every comparison made a
     * compile with 100,000 egress policies take 15 times longer.
     */
    private static final Comparator<FlowEntry> CANDIDATE_ORDER = (a, b) -> {
        int byCookie = Long.compareUnsigned(a.cookie().value(), b.cookie().value());
        if (byCookie != 0) {
            return byCookie;
        }
        // Clauses merge whatever their order, so a hash (stable within a run) may order them; other
        // candidates pick a winner, which must not depend on the run.
        if (a.isConjunctionClause() && b.isConjunctionClause()) {
            int byHash = Integer.compare(a.instructions().hashCode(), b.instructions().hashCode());
            if (byHash != 0) {
                return byHash;
            }
        }
        return a.instructions().toString().compareTo(b.instructions().toString());
    };

    private static final Comparator<Action.Conjunction> CONJUNCTION_ORDER = Comparator
            .comparingLong(Action.Conjunction::id).thenComparingInt(Action.Conjunction::clause)
            .thenComparingInt(Action.Conjunction::clauses);

    /** Two or more candidates for one key, sorted, and the flow they resolve to. */
    private record Shared(List<FlowEntry> candidates, FlowEntry effective) {
    }

    /** In {@link #changes}: the key's slot in {@link #base} is gone. */
    private static final Object REMOVED = new Object();

    private final HostId datapath;
    /** The slots as last built in bulk (a full compile, or a compaction of changes). */
    private final FrozenMap<FlowKey, Object> base;
    /** Slots set or {@link #REMOVED} since: persistent, so a change costs O(log n) and keeps old tables valid. */
    private final PersistentMap<FlowKey, Object> changes;
    private final int size;

    private DatapathTables(HostId datapath, FrozenMap<FlowKey, Object> base, PersistentMap<FlowKey, Object> changes,
                           int size) {
        this.datapath = datapath;
        this.base = base;
        this.changes = changes;
        this.size = size;
    }

    public HostId datapath() {
        return datapath;
    }

    public int size() {
        return size;
    }

    public Optional<FlowEntry> flow(FlowKey key) {
        Object slot = slot(base, changes.get(key), key);
        return slot == null ? Optional.empty() : Optional.of(effective(slot));
    }

    /** The slot of a key: its change if it has one ({@code changed}), else its slot in the base; null if none. */
    private static Object slot(FrozenMap<FlowKey, Object> base, Object changed, FlowKey key) {
        Object slot = changed != null ? changed : base.get(key);
        return slot == REMOVED ? null : slot;
    }

    /** Every key with its slot (a flow, or the candidates of a shared key), in no particular order. */
    private void forEachSlot(BiConsumer<FlowKey, Object> action) {
        if (changes.isEmpty()) {
            base.forEach(action);
            return;
        }
        base.forEach((key, slot) -> {
            if (!changes.containsKey(key)) {
                action.accept(key, slot);
            }
        });
        changes.forEach((key, slot) -> {
            if (slot != REMOVED) {
                action.accept(key, slot);
            }
        });
    }

    /** Every flow, in no particular order. */
    public Collection<FlowEntry> flows() {
        List<FlowEntry> flows = new ArrayList<>(size);
        forEachSlot((key, slot) -> flows.add(effective(slot)));
        return flows;
    }

    /** Every flow in dump-flows order. */
    public List<FlowEntry> sortedFlows() {
        List<FlowEntry> flows = new ArrayList<>(flows());
        flows.sort(DISPLAY_ORDER);
        return flows;
    }

    /** The tables as {@code ovs-ofctl -O OpenFlow13 dump-flows --no-stats} would print them, one flow a line. */
    public String render() {
        StringBuilder text = new StringBuilder();
        for (FlowEntry flow : sortedFlows()) {
            text.append(flow).append('\n');
        }
        return text.toString();
    }

    private static FlowEntry effective(Object slot) {
        return slot instanceof Shared shared ? shared.effective() : (FlowEntry) slot;
    }

    /**
     * Tables holding the given candidate flows (merged per key as described above), built in bulk: the
     * candidates of a key are gathered first and resolved once, so a key with k candidates (a conjunction
     * clause shared by k group policies) costs one sort of k, not k merges.
     */
    static DatapathTables of(HostId datapath, List<FlowEntry> candidates) {
        Bulk bulk = new Bulk(new SharedSlots(), candidates.size());
        candidates.forEach(bulk::add);
        return bulk.build(datapath);
    }

    /**
     * Builds tables in bulk ({@link #of}), one datapath after the other, keeping its working arrays between them
     * (a full compile gives each worker one). Not thread-safe; the {@link SharedSlots} it uses are.
     */
    static final class Bulk {
        private final FrozenMap.Builder<FlowKey, Object> slots;
        private final SharedSlots shared;

        Bulk(SharedSlots shared, int capacity) {
            this.shared = shared;
            this.slots = new FrozenMap.Builder<>(capacity);
        }

        void add(FlowEntry candidate) {
            slots.add(candidate.key(), candidate);
        }

        /** The tables of the candidates added since the last build. */
        DatapathTables build(HostId datapath) {
            FrozenMap<FlowKey, Object> built = slots.build(shared::of);
            return new DatapathTables(datapath, built, PersistentMap.empty(), built.size());
        }
    }

    /**
     * The shared slots of one compile, each resolved once for every datapath whose key has the same candidate
     * objects (the clauses of the group policies towards an app are the same objects on all its hosts): the
     * resolved slots were a third of the objects a full compile kept. Thread-safe.
     */
    static final class SharedSlots {
        private final ConcurrentHashMap<SameCandidates, Shared> resolved = new ConcurrentHashMap<>();

        Object of(List<Object> group) {
            Object[] candidates = group.toArray();
            Arrays.sort(candidates, BY_IDENTITY);
            return resolved.computeIfAbsent(new SameCandidates(candidates), same -> {
                List<FlowEntry> flows = new ArrayList<>(candidates.length);
                for (Object candidate : candidates) {
                    flows.add((FlowEntry) candidate);
                }
                return Editor.shared(flows);
            });
        }

        private static final Comparator<Object> BY_IDENTITY =
                Comparator.comparingInt(System::identityHashCode);
    }

    /** The same objects in the same order (identity, not equality: a cache key, cheap to compare). */
    private static final class SameCandidates {
        private final Object[] candidates;
        private final int hash;

        SameCandidates(Object[] candidates) {
            this.candidates = candidates;
            int h = 1;
            for (Object candidate : candidates) {
                h = 31 * h + System.identityHashCode(candidate);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof SameCandidates that) || hash != that.hash
                    || candidates.length != that.candidates.length) {
                return false;
            }
            for (int i = 0; i < candidates.length; i++) {
                if (candidates[i] != that.candidates[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * The same tables as {@link #of}, built the slow way: one candidate at a time through an {@link Editor},
     * as {@link FlowCompiler#update} changes them. The reference the bulk build is tested against.
     */
    static DatapathTables ofOneByOne(HostId datapath, List<FlowEntry> candidates) {
        Editor editor = new Editor(datapath, FrozenMap.empty(), PersistentMap.<FlowKey, Object>empty(), 0);
        candidates.forEach(editor::add);
        return editor.build();
    }

    Editor edit() {
        return new Editor(datapath, base, changes, size);
    }

    /** Equal datapath and equal slots (flows and the candidates behind shared ones), however each is stored. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof DatapathTables that) || !datapath.equals(that.datapath) || size != that.size) {
            return false;
        }
        boolean[] equal = {true};
        forEachSlot((key, slot) -> {
            if (equal[0] && !slot.equals(slot(that.base, that.changes.get(key), key))) {
                equal[0] = false;
            }
        });
        return equal[0];
    }

    @Override
    public int hashCode() {
        int[] hash = {0};
        forEachSlot((key, slot) -> hash[0] += key.hashCode() ^ slot.hashCode());
        return hash[0];
    }

    @Override
    public String toString() {
        return "DatapathTables[" + datapath + ", " + size + " flows]";
    }

    /**
     * Adds and removes candidate flows in place (in the changes over the base), then freezes them. When the
     * changes outgrow half the base, {@link #build()} folds them into a new base (O(n), once per n/2
     * changed keys), so lookups and iteration stay close to a plain array's.
     */
    static final class Editor {
        private final HostId datapath;
        private final FrozenMap<FlowKey, Object> base;
        private final PersistentMap.Builder<FlowKey, Object> changes;
        private int size;

        private Editor(HostId datapath, FrozenMap<FlowKey, Object> base, PersistentMap<FlowKey, Object> changes,
                       int size) {
            this.datapath = datapath;
            this.base = base;
            this.changes = changes.toBuilder();
            this.size = size;
        }

        private Object slot(FlowKey key) {
            return DatapathTables.slot(base, changes.get(key), key);
        }

        Optional<FlowEntry> flow(FlowKey key) {
            Object slot = slot(key);
            return slot == null ? Optional.empty() : Optional.of(effective(slot));
        }

        void add(FlowEntry candidate) {
            Object slot = slot(candidate.key());
            changes.put(candidate.key(), slot == null ? candidate : withCandidate(slot, candidate));
            if (slot == null) {
                size++;
            }
        }

        static Object withCandidate(Object slot, FlowEntry candidate) {
            List<FlowEntry> candidates = new ArrayList<>(slot instanceof Shared shared
                    ? shared.candidates() : List.of((FlowEntry) slot));
            candidates.add(candidate);
            return shared(candidates);
        }

        void remove(FlowEntry candidate) {
            Object slot = slot(candidate.key());
            if (slot == null) {
                throw new IllegalStateException(datapath + " has no flow " + candidate);
            }
            if (!(slot instanceof Shared shared)) {
                if (!slot.equals(candidate)) {
                    throw new IllegalStateException(datapath + " has " + slot + ", not " + candidate);
                }
                if (base.containsKey(candidate.key())) {
                    changes.put(candidate.key(), REMOVED);
                } else {
                    changes.remove(candidate.key());
                }
                size--;
                return;
            }
            List<FlowEntry> candidates = new ArrayList<>(shared.candidates());
            if (!candidates.remove(candidate)) {
                throw new IllegalStateException(datapath + " has no candidate " + candidate);
            }
            changes.put(candidate.key(), candidates.size() == 1 ? candidates.get(0) : shared(candidates));
        }

        DatapathTables build() {
            PersistentMap<FlowKey, Object> built = changes.build();
            if (built.size() <= 32 + base.size() / 2) {
                return new DatapathTables(datapath, base, built, size);
            }
            DatapathTables current = new DatapathTables(datapath, base, built, size);
            List<FlowKey> keys = new ArrayList<>(size);
            List<Object> slots = new ArrayList<>(size);
            current.forEachSlot((key, slot) -> {
                keys.add(key);
                slots.add(slot);
            });
            return new DatapathTables(datapath, FrozenMap.ofDistinct(keys, slots), PersistentMap.empty(), size);
        }

        private static Shared shared(List<FlowEntry> candidates) {
            candidates.sort(CANDIDATE_ORDER);
            return new Shared(List.copyOf(candidates), resolve(candidates));
        }

        private static FlowEntry resolve(List<FlowEntry> candidates) {
            for (FlowEntry candidate : candidates) {
                if (!candidate.isConjunctionClause()) {
                    return candidates.get(0);
                }
            }
            List<Action.Conjunction> conjunctions = new ArrayList<>();
            for (FlowEntry candidate : candidates) {
                for (Action action : candidate.instructions().actions()) {
                    conjunctions.add((Action.Conjunction) action);
                }
            }
            conjunctions.sort(CONJUNCTION_ORDER);
            List<Action> distinct = new ArrayList<>(conjunctions.size());
            for (Action.Conjunction conjunction : conjunctions) {
                if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(conjunction)) {
                    distinct.add(conjunction);
                }
            }
            FlowEntry first = candidates.get(0);
            return new FlowEntry(first.key(), new Instructions(distinct, OptionalInt.empty()), first.cookie());
        }
    }
}
