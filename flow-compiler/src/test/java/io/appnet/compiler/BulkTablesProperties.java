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
 * trie path, built bottom-up) gives exactly the tables the slow way gives: one candidate at a time through
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
