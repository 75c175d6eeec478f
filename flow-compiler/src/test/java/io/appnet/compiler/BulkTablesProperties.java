package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.pipeline.OvsHostPipeline;
import io.appnet.compiler.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The bulk build of a datapath's tables (what a full compile uses: candidates gathered per key, sorted by
 * hash, resolved once) gives exactly the tables the slow way gives: one candidate at a time through
 * the editor that {@link FlowCompiler#update} uses, whatever the order of the candidates.
 */
class BulkTablesProperties {

    private final Pipeline pipeline = OvsHostPipeline.withDefaults();

    @Provide
    Arbitrary<RandomNetworks.Shape> networks() {
        return RandomNetworks.shapes(8, 20, 40, 60);
    }

    @Property(tries = 80)
    void bulkTablesEqualTablesBuiltOneCandidateAtATime(@ForAll("networks") RandomNetworks.Shape shape) {
        Network network = shape.network();
        Pipeline.Compilation compilation = pipeline.compilation(network);
        Random random = new Random(shape.seed());
        for (HostId datapath : pipeline.datapaths(network)) {
            List<FlowEntry> candidates = compilation.flowsOn(datapath);
            DatapathTables slow = DatapathTables.ofOneByOne(datapath, candidates);
            DatapathTables bulk = DatapathTables.of(datapath, candidates);
            List<FlowEntry> shuffled = new ArrayList<>(candidates);
            Collections.shuffle(shuffled, random);
            DatapathTables bulkShuffled = DatapathTables.of(datapath, shuffled);

            assertThat(bulk).as("%s", datapath).isEqualTo(slow);
            assertThat(bulkShuffled).as("%s, candidates shuffled", datapath).isEqualTo(slow);
            assertThat(bulk.render()).isEqualTo(slow.render());
            assertThat(bulk.size()).isEqualTo(slow.size());
            for (FlowEntry flow : slow.flows()) {
                assertThat(bulk.flow(flow.key())).contains(flow);
            }
        }
    }

    /**
     * Removing and re-adding random candidates through the editor, over a bulk-built base and across the
     * compactions that fold the changes into a new base, gives the tables the slow way builds from what is left.
     */
    @Property(tries = 60)
    void editsOverABulkBaseEqualTheSlowWay(@ForAll("networks") RandomNetworks.Shape shape) {
        Network network = shape.network();
        Pipeline.Compilation compilation = pipeline.compilation(network);
        Random random = new Random(shape.seed());
        for (HostId datapath : pipeline.datapaths(network)) {
            List<FlowEntry> present = new ArrayList<>(compilation.flowsOn(datapath));
            List<FlowEntry> removed = new ArrayList<>();
            DatapathTables tables = DatapathTables.of(datapath, present);
            int steps = Math.min(150, 2 * present.size());
            for (int step = 0; step < steps; step++) {
                DatapathTables before = tables;
                String beforeText = before.render();
                DatapathTables.Editor editor = tables.edit();
                for (int op = 1 + random.nextInt(4); op > 0; op--) {
                    if (!removed.isEmpty() && (present.isEmpty() || random.nextInt(3) == 0)) {
                        FlowEntry back = removed.remove(random.nextInt(removed.size()));
                        editor.add(back);
                        present.add(back);
                    } else if (!present.isEmpty()) {
                        FlowEntry gone = present.remove(random.nextInt(present.size()));
                        editor.remove(gone);
                        removed.add(gone);
                    }
                }
                tables = editor.build();
                assertThat(before.render()).as("old tables unchanged").isEqualTo(beforeText);
                if (step % 7 == 0 || step == steps - 1) {
                    DatapathTables expected = DatapathTables.ofOneByOne(datapath, present);
                    assertThat(tables).as("%s after %d steps", datapath, step + 1).isEqualTo(expected);
                    assertThat(tables.hashCode()).isEqualTo(expected.hashCode());
                    assertThat(tables.render()).isEqualTo(expected.render());
                }
            }
        }
    }

    /** One bulk builder for all datapaths in turn (as each worker of a full compile uses one) builds each right. */
    @Property(tries = 40)
    void aReusedBulkBuilderEqualsTheSlowWay(@ForAll("networks") RandomNetworks.Shape shape) {
        Network network = shape.network();
        Pipeline.Compilation compilation = pipeline.compilation(network);
        DatapathTables.Bulk bulk = new DatapathTables.Bulk(new DatapathTables.SharedSlots(), 4);
        for (HostId datapath : pipeline.datapaths(network)) {
            compilation.flowsOn(datapath, bulk::add);
            assertThat(bulk.build(datapath)).as("%s", datapath)
                    .isEqualTo(DatapathTables.ofOneByOne(datapath, compilation.flowsOn(datapath)));
        }
    }

    @Property(tries = 40)
    void theFullCompileEqualsTheSlowWayOnEveryDatapath(@ForAll("networks") RandomNetworks.Shape shape) {
        Network network = shape.network();
        CompiledNetwork compiled = FlowCompiler.ovsHosts().compile(network);
        Pipeline.Compilation compilation = pipeline.compilation(network);
        assertThat(compiled.datapaths().size()).isEqualTo(pipeline.datapaths(network).size());
        for (HostId datapath : pipeline.datapaths(network)) {
            assertThat(compiled.datapaths().get(datapath))
                    .isEqualTo(DatapathTables.ofOneByOne(datapath, compilation.flowsOn(datapath)));
        }
    }
}
