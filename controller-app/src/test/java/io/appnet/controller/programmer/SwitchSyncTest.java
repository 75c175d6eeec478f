package io.appnet.controller.programmer;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.connection.FakeSwitch;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.OfMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scripted switch that refuses one flow of the first reconcile: the whole bundle is discarded, the
 * switch is marked out of sync with the refused flow named, and a retry after the backoff installs it. One that
 * leaves a request unanswered is marked and retried the same way once the request times out.
 */
class SwitchSyncTest {
    private static final long DPID = 0x42;
    private static final int FLOW_MOD_FAILED = 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    private final SwitchManager switches;
    private final NetworkProgrammer programmer;

    SwitchSyncTest() throws InterruptedException {
        switches = new SwitchManager(new InetSocketAddress("127.0.0.1", 0),
                OfConnectionConfig.defaults().withRequestTimeout(REQUEST_TIMEOUT), Optional.empty());
        programmer = new NetworkProgrammer(switches, Duration.ZERO, false);
        switches.addListener(programmer);
        programmer.bind(HostId.of("h1"), DPID, webOnH1Tables());
    }

    /** h1's tables for one instance of app web on it: what these tests' switch is programmed with. */
    static DatapathTables webOnH1Tables() {
        return FlowCompiler.ovsHosts().compile(webOnH1Network()).tablesOf(HostId.of("h1"));
    }

    /** Host h1 with one instance of app web. */
    static Network webOnH1Network() {
        return Network.empty().applyAll(List.of(Change.registerApp("web"),
                Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
                Change.addInstance("h1/web-1", "web", "h1", 2, "10.255.1.2", "02:00:0a:ff:01:02")));
    }

    @AfterEach
    void stop() {
        programmer.close();
        switches.close();
    }

    @Test
    void aRefusedBundleIsDiscardedAndRetriedAfterABackoff() throws Exception {
        SwitchSync sync = programmer.sync(HostId.of("h1")).orElseThrow();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            answerRejoinWithoutMarker(fake);
            long refused = System.nanoTime(); // before the refusal is sent, so the backoff can only look longer
            int adds = answerBundle(fake, true);
            assertThat(adds).isEqualTo(sync.programmer().desired().size());
            await(() -> sync.state() == SwitchSync.State.OUT_OF_SYNC, sync);
            assertThat(sync.lastError()).startsWith("reconcile failed: ").contains("OFPFMFC_UNKNOWN", "for ADD cookie=0xa", "priority=");

            answerFlowStats(fake);
            long retried = System.nanoTime();
            answerBundle(fake, false);
            await(() -> sync.state() == SwitchSync.State.IN_SYNC, sync);
            assertThat(Duration.ofNanos(retried - refused)).as("the retry waits for its backoff")
                    .isGreaterThanOrEqualTo(SwitchSync.FIRST_RETRY);
            assertThat(sync.lastReconcile()).startsWith("+" + adds + " -0 ~0 flows, 0 foreign");
            assertThat(sync.lastError()).isEmpty();
        }
    }

    @Test
    void anUnansweredFlowStatsRequestFailsTheReconcileAfterTheTimeoutAndTheRetrySucceeds() throws Exception {
        SwitchSync sync = programmer.sync(HostId.of("h1")).orElseThrow();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            MultipartRequest ignored = next(fake, MultipartRequest.class); // the marker's; the switch never answers
            await(() -> sync.state() == SwitchSync.State.OUT_OF_SYNC, sync);
            assertThat(sync.lastError()).startsWith("reconcile failed: ").contains("no reply to MULTIPART_REQUEST xid "
                    + ignored.xid(), "within " + REQUEST_TIMEOUT.toMillis() + " ms");

            answerFlowStats(fake);
            answerBundle(fake, false);
            await(() -> sync.state() == SwitchSync.State.IN_SYNC, sync);
            assertThat(sync.lastError()).isEmpty();
        }
    }

    /** A new connection's reads of a switch without a sync marker: the marker's request, then every flow's. */
    static void answerRejoinWithoutMarker(FakeSwitch fake) throws Exception {
        answerFlowStats(fake);
        answerFlowStats(fake);
    }

    static void answerFlowStats(FakeSwitch fake) throws Exception {
        MultipartRequest request = next(fake, MultipartRequest.class);
        fake.send(MultipartReply.of(request.xid(), new FlowStatsReply(List.of())));
    }

    /**
     * Answers open, the adds (refusing the first if asked), the barrier, then commit or discard and the last
     * barrier as Open vSwitch does; returns the number of adds.
     */
    static int answerBundle(FakeSwitch fake, boolean refuseFirst) throws Exception {
        return answerBundle(fake, next(fake, BundleControl.class), refuseFirst);
    }

    /** As {@link #answerBundle(FakeSwitch, boolean)}, from the bundle's open, already received. */
    static int answerBundle(FakeSwitch fake, BundleControl open, boolean refuseFirst) throws Exception {
        fake.send(reply(open, BundleControlType.OPEN_REPLY));
        int adds = 0;
        while (true) {
            OfMessage message = next(fake, OfMessage.class);
            if (message instanceof BundleAdd add) {
                if (adds++ == 0 && refuseFirst) {
                    fake.send(new ErrorMessage(add.xid(), FLOW_MOD_FAILED, 0, Bytes.of(encode(add))));
                }
            } else if (message instanceof BarrierRequest barrier) {
                fake.send(new BarrierReply(barrier.xid()));
                break;
            }
        }
        BundleControl end = next(fake, BundleControl.class);
        assertThat(end.controlType()).isEqualTo(refuseFirst ? BundleControlType.DISCARD_REQUEST
                : BundleControlType.COMMIT_REQUEST);
        fake.send(reply(end, refuseFirst ? BundleControlType.DISCARD_REPLY : BundleControlType.COMMIT_REPLY));
        if (!refuseFirst) {
            fake.send(new BarrierReply(next(fake, BarrierRequest.class).xid()));
        }
        return adds;
    }

    private static BundleControl reply(BundleControl request, BundleControlType type) {
        return new BundleControl(request.xid(), request.bundleId(), type, request.flags(), List.of());
    }

    /** The next message of the type, answering echoes and skipping the handshake's other requests. */
    static <T extends OfMessage> T next(FakeSwitch fake, Class<T> type) throws Exception {
        while (true) {
            OfMessage message = fake.receive();
            if (message instanceof EchoRequest echo) {
                fake.send(new EchoReply(echo.xid(), echo.payload()));
            } else if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }

    static byte[] encode(OfMessage message) {
        ByteBuf buffer = Unpooled.buffer();
        OfMessageCodec.encode(message, buffer);
        byte[] bytes = ByteBufUtil.getBytes(buffer);
        buffer.release();
        return bytes;
    }

    static void await(java.util.function.BooleanSupplier condition, SwitchSync sync) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("state %s, error %s", sync.state(), sync.lastError()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
