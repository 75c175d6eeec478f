package io.appnet.controller.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.Controller;
import io.appnet.controller.ControllerConfig;
import io.appnet.controller.e2e.ControllerLab;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.store.InMemoryStore;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark tool itself: simulated hosts join a controller over OVSDB and OpenFlow as real hosts do (their
 * tunnel port created through OVSDB and numbered, their switch reconciled to in sync, holding the controller's
 * flows). Says nothing about the controller's correctness (that is for real OVS).
 */
class SimHostJoinTest {
    @Test
    void simulatedHostsJoinGetTheirTunnelPortAndTheirSwitchInSync() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        List<SimHost> hosts = new ArrayList<>();
        try (Controller controller = Controller.start(ControllerConfig.defaults().listeningOn("127.0.0.1", 0, 0)
                .withOverlay("10.0.0.0/8", 24).withAuditInterval(Duration.ZERO)
                .withPlaintext(), new InMemoryStore())) { // the simulator speaks plain TCP

            for (int i = 0; i < 2; i++) {
                SimHost host = SimHost.of(SimFleet.name(i), "100.64.0." + (i + 1), 0x1000000L + i, List.of(),
                        controller.ovsdbAddress(), controller.openflowAddress());
                host.connect(group);
                hosts.add(host);
            }
            ControllerLab.await(Duration.ofSeconds(20), () -> hosts.stream().allMatch(host ->
                    controller.programmer().sync(HostId.of(host.name()))
                            .map(sync -> sync.state() == SwitchSync.State.IN_SYNC).orElse(false)),
                    () -> "simulated hosts in sync: " + controller.topology().hosts());
            assertThat(controller.topology().hosts().get("s0").tunnelPort()).as("the tunnel port got a number")
                    .isPresent();
            SimHost s0 = hosts.get(0);
            assertThat(s0.flowCount()).as("infrastructure flows").isPositive();
            // s1's join may still bring s0 its tunnel flows: the count and the dump agree once they are in
            ControllerLab.await(Duration.ofSeconds(5), () -> s0.dumpFlows().size() == s0.flowCount(),
                    () -> "s0's dump has as many flows as its table: " + s0.dumpFlows().size() + " / "
                            + s0.flowCount());
            assertThat(s0.dumpFlows()).allMatch(line -> line.startsWith("cookie="));
        } finally {
            hosts.forEach(SimHost::close);
            group.shutdownGracefully().await(5_000);
        }
    }
}
