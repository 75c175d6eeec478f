package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every compiled flow is accepted by the real ovs-ofctl of Open vSwitch 3.1 on OpenFlow 1.3, and our
 * text is exactly OVS's own rendering of it (so it is what dump-flows shows), and it parses back.
 */
@Tag("ovs-tools")
class OvsSyntaxTest {

    @Test
    void goldenScenarioFlowsAreWhatOvsPrints() throws Exception {
        List<FlowEntry> flows = new ArrayList<>();
        FlowCompiler.ovsHosts().compile(GoldenScenario.network()).datapaths()
                .forEach((host, tables) -> flows.addAll(tables.sortedFlows()));

        assertThat(OvsOfctl.canonical(flows)).isEqualTo(flows.stream().map(FlowEntry::toString).toList());
    }

    @Test
    void egressScenarioFlowsOfHostsAndGatewaysAreWhatOvsPrints() throws Exception {
        List<FlowEntry> flows = new ArrayList<>();
        for (var network : List.of(EgressScenario.network(), EgressScenario.perApp())) {
            FlowCompiler.ovsHosts().compile(network).datapaths()
                    .forEach((host, tables) -> flows.addAll(tables.sortedFlows()));
        }
        List<String> ours = flows.stream().map(FlowEntry::toString).toList();

        assertThat(ours).anyMatch(line -> line.matches(".*nat\\(src=198\\.18\\.[0-9.-]+:1024-65535\\).*"))
                .anyMatch(line -> line.contains("ct(table=71,zone=65280,nat)"));
        assertThat(OvsOfctl.canonical(flows)).isEqualTo(ours);
        assertThat(ours.stream().map(FlowText::parse).toList()).isEqualTo(flows);
    }

    @Provide
    Arbitrary<RandomEgress.Shape> egressNetworks() {
        return RandomEgress.shapes(4, 12, 12, 10);
    }

    @Property(tries = 15)
    void randomEgressCompilesAreWhatOvsPrintsAndParseBack(@ForAll("egressNetworks") RandomEgress.Shape shape)
            throws Exception {
        Set<FlowEntry> flows = new LinkedHashSet<>();
        FlowCompiler.ovsHosts().compile(shape.network()).datapaths()
                .forEach((host, tables) -> flows.addAll(tables.sortedFlows()));
        List<String> ours = flows.stream().map(FlowEntry::toString).toList();

        assertThat(OvsOfctl.canonical(flows)).isEqualTo(ours);
        assertThat(ours.stream().map(FlowText::parse).toList()).isEqualTo(new ArrayList<>(flows));
    }

    @Provide
    Arbitrary<RandomNetworks.Shape> networks() {
        return RandomNetworks.shapes(6, 30, 30, 60);
    }

    @Property(tries = 15)
    void randomCompilesAreWhatOvsPrintsAndParseBack(@ForAll("networks") RandomNetworks.Shape shape) throws Exception {
        Set<FlowEntry> flows = new LinkedHashSet<>();
        FlowCompiler.ovsHosts().compile(shape.network()).datapaths()
                .forEach((host, tables) -> flows.addAll(tables.sortedFlows()));
        List<String> ours = flows.stream().map(FlowEntry::toString).toList();

        assertThat(OvsOfctl.canonical(flows)).isEqualTo(ours);
        assertThat(ours.stream().map(FlowText::parse).toList()).isEqualTo(new ArrayList<>(flows));
    }
}
