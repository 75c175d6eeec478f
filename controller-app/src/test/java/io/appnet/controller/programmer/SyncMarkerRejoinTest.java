package io.appnet.controller.programmer;

import static io.appnet.controller.programmer.SwitchSyncTest.await;
import static io.appnet.controller.programmer.SwitchSyncTest.next;
import static io.appnet.controller.programmer.SyncMarkerTest.stats;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.connection.FakeSwitch;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfReserved;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a scripted switch sees when it connects with or without a true sync marker: a true one makes it in sync
 * after one small read (then an audit), any other marker or none a full reconcile that deletes a stale one; the
 * first delta after a marker deletes it in the same bundle, later ones do not; a graceful stop writes it.
 */
class SyncMarkerRejoinTest {
    private static final long DPID = 0x44;
    private static final HostId H1 = HostId.of("h1");

    private final FlowCompiler compiler = FlowCompiler.ovsHosts();
    private final SwitchManager switches;
    private final NetworkProgrammer programmer;
    private CompiledNetwork compiled = compiler.compile(SwitchSyncTest.webOnH1Network().applyAll(List.of(
            Change.registerApp("db"), Change.addInstance("h1/db-1", "db", "h1", 3, "10.255.1.3", "02:00:0a:ff:01:03"))));

    SyncMarkerRejoinTest() throws InterruptedException {
        switches = new SwitchManager(new InetSocketAddress("127.0.0.1", 0),
                OfConnectionConfig.defaults().withRequestTimeout(Duration.ofSeconds(5)), Optional.empty());
        programmer = new NetworkProgrammer(switches, Duration.ZERO, false);
        switches.addListener(programmer);
        programmer.bind(H1, DPID, compiled.tablesOf(H1));
    }

    @AfterEach
    void stop() {
        programmer.close();
        switches.close();
    }

    @Test
    void aTrueMarkerMakesTheSwitchInSyncWithoutADumpThenAnAuditReadsIt() throws Exception {
        SwitchSync sync = programmer.sync(H1).orElseThrow();
        long digest = sync.programmer().desiredDigest();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            MultipartRequest markerRead = next(fake, MultipartRequest.class);
            assertThat(selection(markerRead).tableId()).as("only the marker's table").isEqualTo(SyncMarker.TABLE);
            assertThat(selection(markerRead).cookie()).isEqualTo(SyncMarker.COOKIE);
            assertThat(selection(markerRead).cookieMask()).isEqualTo(-1L);
            fake.send(MultipartReply.of(markerRead.xid(), new FlowStatsReply(List.of(stats(SyncMarker.flow(digest))))));
            await(() -> sync.state() == SwitchSync.State.IN_SYNC, sync);
            assertThat(sync.lastReconcile()).startsWith(SwitchSync.IN_SYNC_BY_MARKER);

            MultipartRequest audit = next(fake, MultipartRequest.class);
            assertThat(selection(audit).tableId()).as("the audit reads every flow").isEqualTo(OfReserved.TABLE_ALL);
            List<FlowStats> held = new ArrayList<>(desiredStats(sync));
            held.add(stats(SyncMarker.flow(digest)));
            fake.send(MultipartReply.of(audit.xid(), new FlowStatsReply(held)));
            await(() -> sync.lastReconcile().startsWith("+0 -0 ~0 flows, 0 foreign"), sync);
            assertThat(sync.state()).isEqualTo(SwitchSync.State.IN_SYNC);
        }
    }

    @Test
    void anotherDigestMeansAFullReconcileThatDeletesTheStaleMarkerInItsBundle() throws Exception {
        SwitchSync sync = programmer.sync(H1).orElseThrow();
        long stale = sync.programmer().desiredDigest() + 1;
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            MultipartRequest markerRead = next(fake, MultipartRequest.class);
            fake.send(MultipartReply.of(markerRead.xid(), new FlowStatsReply(List.of(stats(SyncMarker.flow(stale))))));
            MultipartRequest dump = next(fake, MultipartRequest.class);
            assertThat(selection(dump).tableId()).isEqualTo(OfReserved.TABLE_ALL);
            fake.send(MultipartReply.of(dump.xid(), new FlowStatsReply(List.of(stats(SyncMarker.flow(stale))))));
            List<FlowMod> bundle = receiveDelta(fake);
            assertThat(bundle.get(0)).isEqualTo(SyncMarker.delete().withXid(bundle.get(0).xid()));
            assertThat(bundle.subList(1, bundle.size())).hasSize(sync.programmer().desired().size())
                    .allMatch(mod -> mod.command() == FlowModCommand.ADD);
            await(() -> sync.state() == SwitchSync.State.IN_SYNC, sync);
            assertThat(sync.lastReconcile()).as("the marker is no flow of the tables")
                    .startsWith("+" + sync.programmer().desired().size() + " -0 ~0 flows, 0 foreign");
        }
    }

    @Test
    void theFirstDeltaAfterAMarkerDeletesItInItsOwnBundleAndLaterDeltasDoNot() throws Exception {
        SwitchSync sync = programmer.sync(H1).orElseThrow();
        long digest = sync.programmer().desiredDigest();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            MultipartRequest markerRead = next(fake, MultipartRequest.class);
            fake.send(MultipartReply.of(markerRead.xid(), new FlowStatsReply(List.of(stats(SyncMarker.flow(digest))))));
            MultipartRequest audit = next(fake, MultipartRequest.class);
            List<FlowStats> held = new ArrayList<>(desiredStats(sync));
            held.add(stats(SyncMarker.flow(digest)));
            fake.send(MultipartReply.of(audit.xid(), new FlowStatsReply(held)));
            await(() -> sync.lastReconcile().startsWith("+0 -0 ~0"), sync);

            CompletableFuture<Void> first = change(Change.addPolicy(1, "web", "db", Protocol.TCP,
                    PortRange.single(5432)));
            List<FlowMod> firstBundle = receiveDelta(fake);
            first.get(5, TimeUnit.SECONDS);
            assertThat(firstBundle.get(0)).isEqualTo(SyncMarker.delete().withXid(firstBundle.get(0).xid()));
            assertThat(firstBundle.subList(1, firstBundle.size())).noneMatch(mod -> SyncMarker.is(mod.cookie()));

            CompletableFuture<Void> second = change(Change.addPolicy(2, "web", "db", Protocol.UDP, PortRange.single(53)));
            List<FlowMod> secondBundle = receiveDelta(fake);
            second.get(5, TimeUnit.SECONDS);
            assertThat(secondBundle).isNotEmpty().noneMatch(mod -> SyncMarker.is(mod.cookie()));
        }
    }

    @Test
    void aGracefulStopReplacesAnyMarkerByATrueOneOnASwitchInSync() throws Exception {
        SwitchSync sync = programmer.sync(H1).orElseThrow();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            SwitchSyncTest.answerRejoinWithoutMarker(fake);
            receiveDelta(fake);
            await(() -> sync.state() == SwitchSync.State.IN_SYNC, sync);
            change(Change.addPolicy(1, "web", "db", Protocol.TCP, PortRange.single(5432)));
            receiveDelta(fake);

            CompletableFuture<Integer> written = CompletableFuture.supplyAsync(
                    () -> programmer.writeSyncMarkers(Duration.ofSeconds(5)));
            List<FlowMod> bundle = receiveDelta(fake);
            assertThat(written.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(bundle).hasSize(2);
            assertThat(bundle.get(0)).isEqualTo(SyncMarker.delete().withXid(bundle.get(0).xid()));
            long digest = SyncMarker.digest(compiled.tablesOf(H1).flows());
            assertThat(bundle.get(1)).as("the digest of the tables after the delta")
                    .isEqualTo(SyncMarker.flow(digest).withXid(bundle.get(1).xid()));
        }
    }

    private CompletableFuture<Void> change(Change change) {
        var update = compiler.update(compiled, change);
        compiled = update.compiled();
        return programmer.program(update);
    }

    private static FlowSelection selection(MultipartRequest request) {
        return ((FlowStatsRequest) request.body()).selection();
    }

    private static List<FlowStats> desiredStats(SwitchSync sync) {
        List<FlowStats> flows = new ArrayList<>();
        for (FlowEntry flow : sync.programmer().desired()) {
            flows.add(stats(FlowTranslator.add(flow)));
        }
        return flows;
    }

    /** The flow-mods of the next bundle, which is committed as Open vSwitch would. */
    /** A delta as the switch receives it: a lone flow-mod and its barrier, or a bundle; its flow-mods. */
    private static List<FlowMod> receiveDelta(FakeSwitch fake) throws Exception {
        OfMessage first = next(fake, OfMessage.class);
        if (first instanceof FlowMod lone) {
            fake.send(new BarrierReply(next(fake, BarrierRequest.class).xid()));
            return List.of(lone);
        }
        assertThat(first).isInstanceOf(BundleControl.class);
        BundleControl open = (BundleControl) first;
        fake.send(reply(open, BundleControlType.OPEN_REPLY));
        List<FlowMod> mods = new ArrayList<>();
        while (true) {
            OfMessage message = next(fake, OfMessage.class);
            if (message instanceof BundleAdd add) {
                mods.add((FlowMod) add.message());
            } else if (message instanceof BarrierRequest barrier) {
                fake.send(new BarrierReply(barrier.xid()));
                break;
            }
        }
        BundleControl commit = next(fake, BundleControl.class);
        assertThat(commit.controlType()).isEqualTo(BundleControlType.COMMIT_REQUEST);
        fake.send(reply(commit, BundleControlType.COMMIT_REPLY));
        fake.send(new BarrierReply(next(fake, BarrierRequest.class).xid()));
        return mods;
    }

    private static BundleControl reply(BundleControl request, BundleControlType type) {
        return new BundleControl(request.xid(), request.bundleId(), type, request.flags(), List.of());
    }
}
