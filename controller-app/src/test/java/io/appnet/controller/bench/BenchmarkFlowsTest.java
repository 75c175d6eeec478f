package io.appnet.controller.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The benchmark's flow set and options; the install itself is checked against real OVS by the benchmark. */
class BenchmarkFlowsTest {

    @Test
    void givesExactlyTheAskedNumberOfDistinctAddsWhateverTheCount() {
        for (int count : List.of(1_000, 1_234, 20_000)) {
            List<FlowMod> flows = BenchmarkFlows.generate(count);
            assertThat(flows).hasSize(count).allMatch(flow -> flow.command() == FlowModCommand.ADD);
            assertThat(flows.stream().map(BenchmarkFlows::ofctlText).distinct().count()).isEqualTo(count);
        }
    }

    @Test
    void spreadsOverThePipelinesTablesAndIsTheSameEveryTime() {
        List<FlowMod> flows = BenchmarkFlows.generate(20_000);
        assertThat(flows.stream().collect(Collectors.groupingBy(FlowMod::tableId, Collectors.counting())))
                .containsOnlyKeys(0, 1, 30, 51, 60)
                .containsEntry(51, 18_400L);
        assertThat(BenchmarkFlows.generate(20_000)).isEqualTo(flows);
    }

    @Test
    void rendersAFlowAsDumpFlowsPrintsIt() {
        FlowMod route = BenchmarkFlows.generate(1_000).stream()
                .filter(flow -> flow.tableId() == 30 && flow.priority() == 100).findFirst().orElseThrow();
        assertThat(BenchmarkFlows.ofctlText(route)).isEqualTo("cookie=0xa2000000c0a80002, table=30, priority=100,"
                + "ip,reg3=0,nw_dst=10.128.0.0/24 actions=move:NXM_NX_REG0[0..23]->NXM_NX_TUN_ID[0..23],"
                + "set_field:192.168.0.2->tun_dst,output:1");
    }

    @Test
    void refusesTooFewFlowsAndBadOptions() {
        assertThatThrownBy(() -> BenchmarkFlows.generate(999)).hasMessageContaining("at least 1000");
        assertThat(BenchmarkOptions.parse()).isEqualTo(new BenchmarkOptions(5, 100_000));
        assertThat(BenchmarkOptions.parse("--runs=3", "--flows=2000")).isEqualTo(new BenchmarkOptions(3, 2_000));
        assertThatThrownBy(() -> BenchmarkOptions.parse("--runs=0")).hasMessageContaining("runs must be 1..100");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--runs=x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> BenchmarkOptions.parse("-n")).hasMessageContaining("unknown argument");
    }
}
