package io.appnet.controller.programmer;

import static io.appnet.controller.programmer.SwitchSyncTest.answerBundle;
import static io.appnet.controller.programmer.SwitchSyncTest.answerFlowStats;
import static io.appnet.controller.programmer.SwitchSyncTest.await;
import static io.appnet.controller.programmer.SwitchSyncTest.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.connection.FakeSwitch;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.OfMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An audit of a switch in sync does not hold its deltas: a delta asked for while the audit's read is out goes to
 * the switch before the read is answered, and the audit's repair restores what was deleted by hand without
 * undoing that delta (an operator's sync of a switch in sync is such an audit). A failed audit marks the switch out
 * of sync and is retried, as a failed reconcile is; a timer audit keeps its distance.
 */
class AuditInterleavingTest {
    private static final long DPID = 0x44;
    private static final HostId H1 = HostId.of("h1");
    private static final FlowCompiler COMPILER = FlowCompiler.ovsHosts();

    private final SwitchManager switches;
    private final NetworkProgrammer programmer;
    private final CompiledNetwork twoInstances;

    AuditInterleavingTest() throws InterruptedException {
        switches = new SwitchManager(new InetSocketAddress("127.0.0.1", 0),
                OfConnectionConfig.defaults().withRequestTimeout(Duration.ofSeconds(2)), Optional.empty());
        programmer = new NetworkProgrammer(switches, Duration.ZERO, false);
        switches.addListener(programmer);
        Network network = Network.empty().applyAll(List.of(Change.registerApp("web"), Change.registerApp("api"),
                Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
                Change.addInstance("h1/web-1", "web", "h1", 2, "10.255.1.2", "02:00:0a:ff:01:02"),
                Change.addInstance("h1/api-1", "api", "h1", 3, "10.255.1.3", "02:00:0a:ff:01:03")));
        twoInstances = COMPILER.compile(network);
        programmer.bind(H1, DPID, twoInstances.tablesOf(H1));
    }

    @AfterEach
    void stop() {
        programmer.close();
        switches.close();
    }

    @Test
    void aDeltaDuringAnAuditGoesOutFirstAndTheRepairDoesNotUndoIt() throws Exception {
        SwitchSync sync = programmer.sync(H1).orElseThrow();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            reconcileEmpty(fake, sync);
            List<FlowEntry> installed = sync.programmer().desired();

            CompletableFuture<FlowDiff> audited = sync.resync();
            MultipartRequest read = next(fake, MultipartRequest.class);
            Update removeApi = COMPILER.update(twoInstances, Change.removeInstance("h1/api-1"));
            CompletableFuture<Void> programmed = programmer.program(removeApi);
            BundleControl delta = next(fake, BundleControl.class);
            assertThat(delta.controlType()).as("the delta goes out while the read is unanswered")
                    .isEqualTo(BundleControlType.OPEN_REQUEST);
            answerBundle(fake, delta, false);
            programmed.get(5, TimeUnit.SECONDS);

            List<io.appnet.compiler.FlowMod> later = removeApi.deltas().get(H1).mods();
            List<FlowEntry> removedLater = later.stream()
                    .filter(mod -> mod.command() == io.appnet.compiler.FlowMod.Command.DELETE)
                    .map(io.appnet.compiler.FlowMod::flow).toList();
            FlowEntry deletedByHand = installed.stream()
                    .filter(flow -> later.stream().noneMatch(mod -> mod.flow().key().equals(flow.key())))
                    .findFirst().orElseThrow();
            FlowEntry changedByHand = removedLater.get(0);
            // the read as of its place in the stream: before the delta; one flow deleted, one changed by hand
            List<FlowStats> held = new ArrayList<>();
            for (FlowEntry flow : installed) {
                if (flow.equals(changedByHand)) {
                    FlowEntry other = installed.stream()
                            .filter(candidate -> !candidate.instructions().equals(flow.instructions()))
                            .findFirst().orElseThrow();
                    held.add(onSwitch(new FlowEntry(flow.key(), other.instructions(), flow.cookie())));
                } else if (!flow.equals(deletedByHand)) {
                    held.add(onSwitch(flow));
                }
            }
            fake.send(MultipartReply.of(read.xid(), new FlowStatsReply(held)));

            assertThat(repairMods(fake)).as("only the flow deleted by hand; the one the delta removed stays removed")
                    .containsExactly(FlowTranslator.add(deletedByHand).withXid(0));
            assertThat(audited.get(5, TimeUnit.SECONDS).summary()).startsWith("+1 -0 ~1 flows");
            assertThat(sync.state()).isEqualTo(SwitchSync.State.IN_SYNC);
        }
    }

    @Test
    void anAuditThatFindsNothingSendsNothing() throws Exception {
        SwitchSync sync = programmer.sync(H1).orElseThrow();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            reconcileEmpty(fake, sync);

            CompletableFuture<FlowDiff> audited = sync.resync();
            MultipartRequest read = next(fake, MultipartRequest.class);
            fake.send(MultipartReply.of(read.xid(), new FlowStatsReply(
                    sync.programmer().desired().stream().map(AuditInterleavingTest::onSwitch).toList())));

            assertThat(audited.get(5, TimeUnit.SECONDS).isEmpty()).isTrue();
            CompletableFuture<Void> flushed = programmer.flushConntrackZone(H1, 1);
            OfMessage after = next(fake, OfMessage.class);
            assertThat(after).as("no bundle after the clean audit: the next message is the flush").isNotInstanceOf(
                    BundleControl.class);
            fake.send(new BarrierReply(next(fake, BarrierRequest.class).xid()));
            flushed.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theNextAuditWaitsNineteenTimesAsLongAsTheLastTook() throws Exception {
        SwitchSync sync = programmer.sync(H1).orElseThrow();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            MultipartRequest read = next(fake, MultipartRequest.class);
            Thread.sleep(200); // a slow read: the next audit waits at least 19 x 200 ms after the reconcile ends
            fake.send(MultipartReply.of(read.xid(), new FlowStatsReply(List.of())));
            answerBundle(fake, false);
            await(() -> sync.state() == SwitchSync.State.IN_SYNC, sync);

            assertThat(sync.audit().get(5, TimeUnit.SECONDS)).as("no audit so soon").isNull();
            CompletableFuture<Void> flushed = programmer.flushConntrackZone(H1, 1);
            assertThat(next(fake, OfMessage.class)).as("no flow-stats request went out").isNotInstanceOf(
                    MultipartRequest.class);
            fake.send(new BarrierReply(next(fake, BarrierRequest.class).xid()));
            flushed.get(5, TimeUnit.SECONDS);
            assertThat(sync.resync().isDone()).as("an operator's sync is not held back").isFalse();
            next(fake, MultipartRequest.class);
        }
    }

    @Test
    void anUnansweredAuditReadMarksTheSwitchOutOfSyncAndTheRetryReconcilesIt() throws Exception {
        SwitchSync sync = programmer.sync(H1).orElseThrow();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            reconcileEmpty(fake, sync);

            sync.resync();
            MultipartRequest ignored = next(fake, MultipartRequest.class); // never answered
            await(() -> sync.state() == SwitchSync.State.OUT_OF_SYNC, sync);
            assertThat(sync.lastError()).startsWith("audit failed: ").contains("MULTIPART_REQUEST xid " + ignored.xid());

            reconcileEmpty(fake, sync); // the retry
            assertThat(sync.lastError()).isEmpty();
        }
    }

    /** The connect-time reconcile of a switch that holds nothing: the whole tables in one bundle. */
    private static void reconcileEmpty(FakeSwitch fake, SwitchSync sync) throws Exception {
        answerFlowStats(fake);
        answerBundle(fake, false);
        await(() -> sync.state() == SwitchSync.State.IN_SYNC, sync);
    }

    /**
     * Answers a repair as Open vSwitch does and returns its flow-mods (xid 0): a lone flow-mod and its barrier, or a
     * whole bundle.
     */
    private static List<FlowMod> repairMods(FakeSwitch fake) throws Exception {
        OfMessage first = next(fake, OfMessage.class);
        if (first instanceof FlowMod lone) {
            fake.send(new BarrierReply(next(fake, BarrierRequest.class).xid()));
            return List.of(lone.withXid(0));
        }
        assertThat(first).isInstanceOf(BundleControl.class);
        BundleControl open = (BundleControl) first;
        assertThat(open.controlType()).isEqualTo(BundleControlType.OPEN_REQUEST);
        fake.send(new BundleControl(open.xid(), open.bundleId(), BundleControlType.OPEN_REPLY, open.flags(),
                List.of()));
        List<FlowMod> mods = new ArrayList<>();
        while (true) {
            OfMessage message = next(fake, OfMessage.class);
            if (message instanceof BundleAdd add) {
                mods.add(((FlowMod) add.message()).withXid(0));
            } else if (message instanceof BarrierRequest barrier) {
                fake.send(new BarrierReply(barrier.xid()));
                break;
            }
        }
        BundleControl commit = next(fake, BundleControl.class);
        fake.send(new BundleControl(commit.xid(), commit.bundleId(), BundleControlType.COMMIT_REPLY, commit.flags(),
                List.of()));
        fake.send(new BarrierReply(next(fake, BarrierRequest.class).xid()));
        return mods;
    }

    private static FlowStats onSwitch(FlowEntry flow) {
        FlowMod add = FlowTranslator.add(flow);
        return new FlowStats(add.tableId(), 5, 0, add.priority(), 0, 0, Set.of(), add.cookie(), 0, 0, add.match(),
                add.instructions());
    }
}
