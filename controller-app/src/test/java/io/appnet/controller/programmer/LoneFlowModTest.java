package io.appnet.controller.programmer;

import static io.appnet.controller.programmer.SwitchSyncTest.answerBundle;
import static io.appnet.controller.programmer.SwitchSyncTest.encode;
import static io.appnet.controller.programmer.SwitchSyncTest.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.FlowMod;
import io.appnet.compiler.flow.FlowText;
import io.appnet.compiler.model.HostId;
import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.connection.FakeSwitch;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.OfMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A delta of one flow-mod goes to the switch as that flow-mod and a barrier, no bundle: the change is done when
 * the barrier answers, and fails with the flow named when the switch refused it. Two flow-mods still go in a bundle.
 */
class LoneFlowModTest {
    private static final long DPID = 0x44;
    private static final int FLOW_MOD_FAILED = 5;
    private static final HostId H1 = HostId.of("h1");
    private static final String POLICY_FLOW =
            "cookie=0xa000000000000007, table=40, priority=100,udp,reg5=0x2,tp_dst=53 actions=resubmit(,50)";

    private final LinkedBlockingQueue<OfConnection> up = new LinkedBlockingQueue<>();
    private final SwitchManager switches;

    LoneFlowModTest() throws InterruptedException {
        switches = new SwitchManager(new InetSocketAddress("127.0.0.1", 0),
                OfConnectionConfig.defaults().withRequestTimeout(Duration.ofSeconds(5)), Optional.empty());
        switches.addListener(new SwitchListener() {
            @Override
            public void switchUp(OfConnection connection) {
                up.add(connection);
            }

            @Override
            public void switchDown(long datapathId, String reason) {
            }
        });
    }

    @AfterEach
    void stop() {
        switches.close();
    }

    @Test
    void oneAddIsSentAloneAndIsDoneWhenTheBarrierAnswers() throws Exception {
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            CompletableFuture<Void> applied = apply(FlowMod.add(FlowText.parse(POLICY_FLOW)));

            OfMessage first = next(fake, OfMessage.class);
            assertThat(first).isInstanceOf(io.appnet.openflow.message.FlowMod.class);
            assertThat(((io.appnet.openflow.message.FlowMod) first).command()).isEqualTo(FlowModCommand.ADD);
            BarrierRequest barrier = next(fake, BarrierRequest.class);
            assertThat(applied).as("not done before the barrier answers").isNotDone();

            fake.send(new BarrierReply(barrier.xid()));
            applied.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefusedLoneFlowModFailsTheChangeWithTheFlowNamed() throws Exception {
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            CompletableFuture<Void> applied = apply(FlowMod.add(FlowText.parse(POLICY_FLOW)));

            OfMessage mod = next(fake, io.appnet.openflow.message.FlowMod.class);
            BarrierRequest barrier = next(fake, BarrierRequest.class);
            // as Open vSwitch does: the refusal before the barrier's reply
            fake.send(new ErrorMessage(mod.xid(), FLOW_MOD_FAILED, 0, Bytes.of(encode(mod))));
            fake.send(new BarrierReply(barrier.xid()));
            Throwable failure = catchThrowable(() -> applied.get(5, TimeUnit.SECONDS));

            assertThat(failure).isNotNull();
            assertThat(SwitchProgrammer.describe(failure.getCause()))
                    .contains("OFPFMFC_UNKNOWN", "for ADD cookie=0xa000000000000007", "tp_dst=53");
        }
    }

    @Test
    void twoFlowModsStillGoInABundle() throws Exception {
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            CompletableFuture<Void> applied = apply(FlowMod.add(FlowText.parse(POLICY_FLOW)),
                    FlowMod.add(FlowText.parse(POLICY_FLOW.replace("tp_dst=53", "tp_dst=54"))));

            assertThat(answerBundle(fake, false)).isEqualTo(2);
            applied.get(5, TimeUnit.SECONDS);
        }
    }

    private CompletableFuture<Void> apply(FlowMod... mods) throws InterruptedException {
        OfConnection connection = up.poll(5, TimeUnit.SECONDS);
        assertThat(connection).as("the fake switch connected").isNotNull();
        DatapathDelta delta = new DatapathDelta(H1, List.of(mods), 0, mods.length);
        return new SwitchProgrammer(List.of()).apply(connection, delta, SwitchSyncTest.webOnH1Tables());
    }
}
