package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowKey;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.PolicyId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Incremental compilation = full compilation: after every change of a random sequence, applying the
 * produced flow-mods to the old tables gives exactly the tables a full compile of the new network
 * gives; datapaths whose flows did not change get no delta; no flow-mod rewrites an unchanged flow.
 */
class IncrementalProperties {

    private final FlowCompiler compiler = FlowCompiler.ovsHosts();

    @Provide
    Arbitrary<RandomNetworks.Shape> networks() {
        return RandomNetworks.shapes(8, 20, 30, 40);
    }

    @Property(tries = 60)
    void deltasTurnTheOldTablesIntoTheFullCompileOfTheNewNetwork(
            @ForAll("networks") RandomNetworks.Shape shape, @ForAll @IntRange(min = 1, max = 25) int steps) {
        Random random = new Random(~shape.seed());
        CompiledNetwork compiled = compiler.compile(shape.network());
        for (int step = 0; step < steps; step++) {
            Change change = RandomNetworks.randomChange(compiled.network(), random, step);
            Update update = compiler.update(compiled, change);
            CompiledNetwork full = compiler.compile(update.compiled().network());

            Map<HostId, Map<FlowKey, FlowEntry>> applied = flowsOf(compiled);
            update.deltas().forEach((datapath, delta) -> apply(applied, datapath, delta));
            applied.values().removeIf(Map::isEmpty);
            Map<HostId, Map<FlowKey, FlowEntry>> expected = flowsOf(full);
            expected.values().removeIf(Map::isEmpty);
            assertThat(applied).as("after %s", change).isEqualTo(expected);
            assertThat(update.compiled().datapaths()).as("kept state after %s", change).isEqualTo(full.datapaths());

            Set<HostId> changed = new HashSet<>();
            Map<HostId, Map<FlowKey, FlowEntry>> before = flowsOf(compiled);
            for (HostId datapath : union(before.keySet(), expected.keySet())) {
                if (!before.getOrDefault(datapath, Map.of()).equals(expected.getOrDefault(datapath, Map.of()))) {
                    changed.add(datapath);
                }
            }
            assertThat(update.deltas().keySet()).as("datapaths with deltas after %s", change).isEqualTo(changed);
            Statistics.label("change").collect(change.getClass().getSimpleName());
            compiled = update.compiled();
        }
    }

    private static Set<HostId> union(Set<HostId> a, Set<HostId> b) {
        Set<HostId> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    static Map<HostId, Map<FlowKey, FlowEntry>> flowsOf(CompiledNetwork compiled) {
        Map<HostId, Map<FlowKey, FlowEntry>> flows = new HashMap<>();
        compiled.datapaths().forEach((datapath, tables) -> {
            Map<FlowKey, FlowEntry> byKey = new HashMap<>();
            tables.flows().forEach(flow -> byKey.put(flow.key(), flow));
            flows.put(datapath, byKey);
        });
        return flows;
    }

    /** Applies flow-mods as a switch would, refusing any that would not change the table. */
    static void apply(Map<HostId, Map<FlowKey, FlowEntry>> tables, HostId datapath, DatapathDelta delta) {
        Map<FlowKey, FlowEntry> table = tables.computeIfAbsent(datapath, d -> new HashMap<>());
        for (FlowMod mod : delta.mods()) {
            FlowEntry present = table.get(mod.flow().key());
            switch (mod.command()) {
                case ADD -> {
                    assertThat(present).as("add of a present key: %s", mod).isNull();
                    table.put(mod.flow().key(), mod.flow());
                }
                case DELETE -> {
                    assertThat(present).as("delete of another flow: %s", mod).isEqualTo(mod.flow());
                    table.remove(mod.flow().key());
                }
                case MODIFY -> {
                    assertThat(present).as("modify of another flow: %s", mod).isEqualTo(mod.replaced().orElseThrow());
                    assertThat(mod.flow()).as("modify that changes nothing").isNotEqualTo(present);
                    table.put(mod.flow().key(), mod.flow());
                }
            }
        }
    }

    @Property(tries = 40)
    void aBatchsDeltasTurnTheOldTablesIntoTheFullCompileAfterTheLastChange(
            @ForAll("networks") RandomNetworks.Shape shape, @ForAll @IntRange(min = 2, max = 25) int size) {
        Random random = new Random(shape.seed() * 31);
        CompiledNetwork compiled = compiler.compile(shape.network());
        List<Change> batch = new ArrayList<>();
        Network network = compiled.network();
        for (int step = 0; step < size; step++) {
            Change change = RandomNetworks.randomChange(network, random, step);
            batch.add(change);
            network = network.apply(change);
        }

        Update update = compiler.updateAll(compiled, batch);

        CompiledNetwork full = compiler.compile(network);
        Map<HostId, Map<FlowKey, FlowEntry>> applied = flowsOf(compiled);
        update.deltas().forEach((datapath, delta) -> apply(applied, datapath, delta));
        applied.values().removeIf(Map::isEmpty);
        Map<HostId, Map<FlowKey, FlowEntry>> expected = flowsOf(full);
        expected.values().removeIf(Map::isEmpty);
        assertThat(applied).isEqualTo(expected);
        assertThat(update.compiled().datapaths()).isEqualTo(full.datapaths());
    }

    /** What the controller sends for changes it applied together: each change's update, chained with then. */
    @Property(tries = 40)
    void chainedUpdatesTurnTheOldTablesIntoTheFullCompileAfterTheLastChange(
            @ForAll("networks") RandomNetworks.Shape shape, @ForAll @IntRange(min = 2, max = 25) int size) {
        Random random = new Random(shape.seed() * 17);
        CompiledNetwork compiled = compiler.compile(shape.network());
        Update chained = new Update(compiled, Map.of());
        for (int step = 0; step < size; step++) {
            chained = chained.then(compiler.update(chained.compiled(),
                    RandomNetworks.randomChange(chained.compiled().network(), random, step)));
        }

        CompiledNetwork full = compiler.compile(chained.compiled().network());
        Map<HostId, Map<FlowKey, FlowEntry>> applied = flowsOf(compiled);
        chained.deltas().forEach((datapath, delta) -> apply(applied, datapath, delta));
        applied.values().removeIf(Map::isEmpty);
        Map<HostId, Map<FlowKey, FlowEntry>> expected = flowsOf(full);
        expected.values().removeIf(Map::isEmpty);
        assertThat(applied).isEqualTo(expected);
        assertThat(chained.compiled().datapaths()).isEqualTo(full.datapaths());
    }

    @Property(tries = 20)
    void aRefusedChangeInABatchChangesNothing(@ForAll("networks") RandomNetworks.Shape shape) {
        CompiledNetwork compiled = compiler.compile(shape.network());
        Change valid = RandomNetworks.randomChange(compiled.network(), new Random(shape.seed()), 0);
        Change refused = Change.removePolicy(PolicyId.MAX);

        assertThatThrownBy(() -> compiler.updateAll(compiled, List.of(valid, refused)))
                .isInstanceOf(ModelException.class);
        assertThat(compiled.datapaths()).isEqualTo(compiler.compile(shape.network()).datapaths());
    }

    @Property(tries = 20)
    void aDryRunReportsTheUpdatesDeltasAndChangesNothing(@ForAll("networks") RandomNetworks.Shape shape) {
        Network network = shape.network();
        CompiledNetwork compiled = compiler.compile(network);
        Change change = RandomNetworks.randomChange(network, new Random(shape.seed()), 0);

        DryRun dryRun = compiler.dryRun(compiled, change);

        assertThat(dryRun.deltas()).isEqualTo(compiler.update(compiled, change).deltas());
        assertThat(compiled.network()).isSameAs(network);
        assertThat(compiled.datapaths()).isEqualTo(compiler.compile(network).datapaths());
    }
}
