package io.appnet.controller.programmer;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.text.FlowText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sync marker's digest (stable, order-free, followed by deltas) and its flow as a switch gives it back. */
class SyncMarkerTest {
    private static final HostId H1 = HostId.of("h1");

    /**
     * The digest of a fixed table is a fixed number: it hashes the flows' wire encoding, not Java's hash codes, so
     * a controller started in another JVM computes the same. If this changes, the encoding of a flow changed, and
     * every marker written by an older controller no longer matches (a full reconcile, once): say so in the notes.
     */
    @Test
    void theDigestOfAFixedTableIsAFixedNumber() {
        assertThat(Long.toHexString(SyncMarker.digest(SwitchSyncTest.webOnH1Tables().flows())))
                .isEqualTo("e9160896cae9cea8");
    }

    @Test
    void theDigestIgnoresOrderAndSeesEveryFlow() {
        List<FlowEntry> flows = new ArrayList<>(SwitchSyncTest.webOnH1Tables().flows());
        long digest = SyncMarker.digest(flows);
        Collections.reverse(flows);
        assertThat(SyncMarker.digest(flows)).isEqualTo(digest);
        flows.remove(flows.size() / 2);
        assertThat(SyncMarker.digest(flows)).isNotEqualTo(digest);
    }

    /** What the controller keeps by following each delta equals the digest of the tables the delta leads to. */
    @Test
    void aDeltaLeadsTheDigestToThatOfTheNewTables() {
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        CompiledNetwork before = compiler.compile(SwitchSyncTest.webOnH1Network().applyAll(List.of(
                Change.registerApp("db"),
                Change.addInstance("h1/db-1", "db", "h1", 3, "10.255.1.3", "02:00:0a:ff:01:03"))));
        long digest = SyncMarker.digest(before.tablesOf(H1).flows());
        for (Change change : List.of(Change.addPolicy(1, "web", "db", Protocol.TCP, PortRange.single(5432)),
                Change.addPolicy(2, "web", "db", Protocol.UDP, PortRange.single(53)), Change.removePolicy(1))) {
            Update update = compiler.update(before, change);
            digest = SyncMarker.digestAfter(digest, update.deltas().get(H1));
            before = update.compiled();
            assertThat(digest).as("after %s", change).isEqualTo(SyncMarker.digest(before.tablesOf(H1).flows()));
        }
    }

    @Test
    void theMarkerIsOneDropFlowInItsOwnTableCarryingTheDigestInMetadata() {
        assertThat(FlowText.of(SyncMarker.flow(0x1234_5678_9abc_def0L)))
                .isEqualTo("cookie=0xaf00000053594e43, table=253, priority=0,metadata=0x123456789abcdef0 actions=drop");
        FlowMod delete = SyncMarker.delete();
        assertThat(delete.command()).isEqualTo(FlowModCommand.DELETE);
        assertThat(delete.tableId()).isEqualTo(SyncMarker.TABLE);
        assertThat(delete.cookie()).isEqualTo(SyncMarker.COOKIE);
        assertThat(delete.cookieMask()).isEqualTo(-1L);
        assertThat(delete.match().isEmpty()).as("whatever digest it carries").isTrue();
    }

    @Test
    void theDigestIsReadBackFromExactlyOneMarker() {
        long digest = -7L;
        assertThat(SyncMarker.digestIn(List.of(stats(SyncMarker.flow(digest))))).hasValue(digest);
        assertThat(SyncMarker.digestIn(List.of())).isEmpty();
        assertThat(SyncMarker.digestIn(List.of(stats(SyncMarker.flow(1)), stats(SyncMarker.flow(2)))))
                .as("two markers vouch for nothing").isEmpty();
    }

    /** The pipeline never puts a flow in the marker's table nor sends a packet there. */
    @Test
    void thePipelineNeverUsesTheMarkersTable() {
        DatapathTables tables = SwitchSyncTest.webOnH1Tables();
        for (FlowEntry flow : tables.flows()) {
            assertThat(flow.table()).isNotEqualTo(SyncMarker.TABLE);
            assertThat(flow.instructions().gotoTable().orElse(-1)).isNotEqualTo(SyncMarker.TABLE);
            assertThat(flow.instructions().actions()).doesNotContain(new Action.Resubmit(SyncMarker.TABLE));
            assertThat(SyncMarker.is(flow.cookie().value())).isFalse();
        }
    }

    /** The reconcile's diff neither deletes the marker as stale nor reports it as foreign. */
    @Test
    void aReconcileDiffLeavesTheMarkerToTheProgrammer() {
        FlowDiff diff = FlowDiff.between(List.of(), List.of(stats(SyncMarker.flow(5))));
        assertThat(diff.mods()).isEmpty();
        assertThat(diff.foreign()).isEmpty();
    }

    static FlowStats stats(FlowMod flow) {
        return new FlowStats(flow.tableId(), 1, 0, flow.priority(), 0, 0, Set.of(), flow.cookie(), 0, 0, flow.match(),
                flow.instructions());
    }
}
