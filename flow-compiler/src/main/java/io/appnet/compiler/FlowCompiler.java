package io.appnet.compiler;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowKey;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.pipeline.Affected;
import io.appnet.compiler.pipeline.Owner;
import io.appnet.compiler.pipeline.OvsHostPipeline;
import io.appnet.compiler.pipeline.Pipeline;
import io.appnet.compiler.util.PersistentMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Compiles a {@link Network} into per-datapath flow tables, in full or one change at a time.
 *
 * <ul>
 *   <li>{@link #compile(Network)}: every datapath from scratch (datapaths in parallel).
 *   <li>{@link #update(CompiledNetwork, Change)}: applies a change and recomputes only the flows of the
 *       owners it touches, returning flow-mods for exactly the datapaths whose flows changed. Applying
 *       them to the old tables gives the tables a full compile of the new network gives.
 *   <li>{@link #dryRun(CompiledNetwork, Change)}: the same flow-mods, reported, nothing kept.
 *   <li>{@link #updateAll(CompiledNetwork, List)}: several changes as one, all or none.
 * </ul>
 * A refused change throws {@link io.appnet.compiler.model.ModelException}; the compiled state is immutable,
 * so nothing changes.
 */
public final class FlowCompiler {

    /**
     * A full compile splits the datapaths into this many runs of neighbours, each built by one worker with one
     * set of working arrays: enough for the workers to even out at the end, few enough to reuse the arrays.
     */
    private static final int CHUNKS = 64;

    private final Pipeline pipeline;

    public FlowCompiler(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** A compiler for OVS hosts with the default virtual gateway MAC. */
    public static FlowCompiler ovsHosts() {
        return new FlowCompiler(OvsHostPipeline.withDefaults());
    }

    public CompiledNetwork compile(Network network) {
        List<HostId> datapaths = new ArrayList<>(pipeline.datapaths(network));
        Pipeline.Compilation compilation = pipeline.compilation(network);
        DatapathTables.SharedSlots shared = new DatapathTables.SharedSlots();
        DatapathTables[] compiled = new DatapathTables[datapaths.size()];
        int chunks = Math.min(datapaths.size(), CHUNKS);
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            DatapathTables.Bulk bulk = new DatapathTables.Bulk(shared, 8192);
            for (int i = chunk * compiled.length / chunks; i < (chunk + 1) * compiled.length / chunks; i++) {
                HostId datapath = datapaths.get(i);
                compilation.flowsOn(datapath, bulk::add);
                compiled[i] = bulk.build(datapath);
            }
        });
        PersistentMap.Builder<HostId, DatapathTables> tables = PersistentMap.builder();
        for (DatapathTables table : compiled) {
            tables.put(table.datapath(), table);
        }
        return new CompiledNetwork(network, tables.build());
    }

    private static DatapathTables compileDatapath(Pipeline.Compilation compilation, HostId datapath) {
        return DatapathTables.of(datapath, compilation.flowsOn(datapath));
    }

    public Update update(CompiledNetwork previous, Change change) {
        return updateAll(previous, List.of(change));
    }

    /**
     * Applies the changes in order as one update: if any is refused it throws and nothing changes. The
     * network is compiled twice, before the first change and after the last, whatever the number of changes:
     * an owner whose flows differ between the two differs in some step, so the union of the steps' affected
     * owners is enough. The deltas take each datapath from its tables before the first change to its tables
     * after the last, so a flow added by one change and removed by a later one costs no flow-mod.
     */
    public Update updateAll(CompiledNetwork previous, List<? extends Change> changes) {
        Network before = previous.network();
        Network after = before;
        Affected affected = new Affected();
        for (Change change : changes) {
            Network next = after.apply(change);
            if (next != after) {
                affected.addAll(pipeline.affected(change, after, next));
            }
            after = next;
        }
        if (after == before) {
            return new Update(previous, Map.of());
        }
        Set<HostId> existing = pipeline.datapaths(after);
        Pipeline.Compilation old = pipeline.compilation(before);
        Pipeline.Compilation fresh = pipeline.compilation(after);
        PersistentMap<HostId, DatapathTables> datapaths = previous.datapaths();
        Map<HostId, DatapathDelta> deltas = new HashMap<>();
        for (HostId datapath : affected.wholeDatapaths()) {
            DatapathTables previousTables = datapaths.get(datapath);
            DatapathTables recompiled = existing.contains(datapath) ? compileDatapath(fresh, datapath) : null;
            DatapathDelta delta = diffWhole(datapath, previousTables, recompiled);
            datapaths = recompiled == null ? datapaths.minus(datapath) : datapaths.plus(datapath, recompiled);
            if (!delta.mods().isEmpty()) {
                deltas.put(datapath, delta);
            }
        }
        for (Map.Entry<HostId, Set<Owner>> entry : affected.owners().entrySet()) {
            HostId datapath = entry.getKey();
            DatapathTables previousTables = datapaths.get(datapath);
            if (previousTables == null) {
                continue;
            }
            DatapathTables.Editor editor = previousTables.edit();
            Set<FlowKey> touched = new LinkedHashSet<>();
            for (Owner owner : entry.getValue()) {
                replaceOwnerFlows(editor, touched, old.flows(owner, datapath), fresh.flows(owner, datapath));
            }
            DatapathTables updated = editor.build();
            DatapathDelta delta = diffKeys(datapath, previousTables, updated, touched);
            if (!delta.mods().isEmpty()) {
                deltas.put(datapath, delta);
            }
            if (!touched.isEmpty()) {
                // Even without a flow-mod the candidates behind a shared flow may have changed.
                datapaths = datapaths.plus(datapath, updated);
            }
        }
        return new Update(new CompiledNetwork(after, datapaths), deltas);
    }

    public DryRun dryRun(CompiledNetwork previous, Change change) {
        return new DryRun(change, new TreeMap<>(update(previous, change).deltas()));
    }

    private static void replaceOwnerFlows(DatapathTables.Editor editor, Set<FlowKey> touched,
                                          List<FlowEntry> oldFlows, List<FlowEntry> newFlows) {
        if (oldFlows.equals(newFlows)) {
            return;
        }
        Set<FlowEntry> keep = new HashSet<>(oldFlows);
        keep.retainAll(new HashSet<>(newFlows));
        for (FlowEntry flow : oldFlows) {
            if (!keep.contains(flow)) {
                editor.remove(flow);
                touched.add(flow.key());
            }
        }
        for (FlowEntry flow : newFlows) {
            if (!keep.contains(flow)) {
                editor.add(flow);
                touched.add(flow.key());
            }
        }
    }

    private static DatapathDelta diffKeys(HostId datapath, DatapathTables old, DatapathTables updated,
                                          Set<FlowKey> keys) {
        List<FlowMod> deletes = new ArrayList<>();
        List<FlowMod> modifies = new ArrayList<>();
        List<FlowMod> adds = new ArrayList<>();
        for (FlowKey key : keys) {
            FlowEntry before = old.flow(key).orElse(null);
            FlowEntry after = updated.flow(key).orElse(null);
            classify(before, after, deletes, modifies, adds);
        }
        return delta(datapath, deletes, modifies, adds, old.size(), updated.size());
    }

    private static DatapathDelta diffWhole(HostId datapath, DatapathTables old, DatapathTables fresh) {
        List<FlowMod> deletes = new ArrayList<>();
        List<FlowMod> modifies = new ArrayList<>();
        List<FlowMod> adds = new ArrayList<>();
        Map<FlowKey, FlowEntry> oldFlows = new HashMap<>();
        if (old != null) {
            old.flows().forEach(flow -> oldFlows.put(flow.key(), flow));
        }
        if (fresh != null) {
            for (FlowEntry flow : fresh.flows()) {
                classify(oldFlows.remove(flow.key()), flow, deletes, modifies, adds);
            }
        }
        oldFlows.values().forEach(flow -> deletes.add(FlowMod.delete(flow)));
        return delta(datapath, deletes, modifies, adds, old == null ? 0 : old.size(),
                fresh == null ? 0 : fresh.size());
    }

    private static void classify(FlowEntry before, FlowEntry after, List<FlowMod> deletes, List<FlowMod> modifies,
                                 List<FlowMod> adds) {
        if (before == null && after != null) {
            adds.add(FlowMod.add(after));
        } else if (before != null && after == null) {
            deletes.add(FlowMod.delete(before));
        } else if (before != null && !before.equals(after)) {
            modifies.add(FlowMod.modify(before, after));
        }
    }

    private static DatapathDelta delta(HostId datapath, List<FlowMod> deletes, List<FlowMod> modifies,
                                       List<FlowMod> adds, int before, int after) {
        List<FlowMod> mods = new ArrayList<>(deletes.size() + modifies.size() + adds.size());
        for (List<FlowMod> group : List.of(deletes, modifies, adds)) {
            mods.addAll(displayOrder(group));
        }
        return new DatapathDelta(datapath, mods, before, after);
    }

    /**
     * The flow-mods in dump-flows order (table, priority descending, match text), each match rendered once:
     * rendering it in the comparator, per comparison, dominated large deltas (a host rejoining after a restart).
     */
    private static List<FlowMod> displayOrder(List<FlowMod> group) {
        if (group.size() < 2) {
            return group;
        }
        record Keyed(FlowMod mod, String match) {
        }
        List<Keyed> keyed = new ArrayList<>(group.size());
        group.forEach(mod -> keyed.add(new Keyed(mod, mod.flow().match().toString())));
        keyed.sort(Comparator.comparingInt((Keyed k) -> k.mod().flow().table())
                .thenComparing(Comparator.comparingInt((Keyed k) -> k.mod().flow().priority()).reversed())
                .thenComparing(Keyed::match));
        return keyed.stream().map(Keyed::mod).toList();
    }
}
