package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.programmer.NoSwitches;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoreWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Release of what is gone: leases of hosts not seen for the expiry time (from the store only, as after a
 * restart) and app IDs of apps with no instance and no policy; the store forgets them too, so a restart does
 * not bring them back; a released subnet is the next host's.
 */
class ExpiryTest {
    private static final Duration AFTER = Duration.ofHours(1);
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    private final InMemoryStore store = new InMemoryStore();
    private final NetworkProgrammer programmer = new NetworkProgrammer(new NoSwitches(), Duration.ZERO, false);
    private final SettleGate settle = new SettleGate(List.of(), Duration.ofSeconds(1), programmer::releaseReconciles);
    private NetworkModel model;
    private TopologyService topology;

    @AfterEach
    void close() {
        settle.close();
        programmer.close();
    }

    /** A controller restarted with two leased hosts and two apps, one of which a policy uses. */
    private void restarted() {
        store.commit(StoreWrite.none().withLease("gone1", "10.255.0.0/24").withLease("gone2", "10.255.1.0/24")
                .withApps(Map.of("idle", 1, "used", 2, "peer", 3)));
        Network network = NetworkModel.restore(store.load())
                .apply(Change.addPolicy(1, "used", "peer", Protocol.TCP, PortRange.single(80)));
        model = new NetworkModel(FlowCompiler.ovsHosts(), network, SubnetPool.of(Ipv4Prefix.parse("10.255.0.0/16"), 24,
                Map.of("gone1", Ipv4Prefix.parse("10.255.0.0/24"), "gone2", Ipv4Prefix.parse("10.255.1.0/24"))),
                store, programmer);
        topology = new TopologyService(model, settle);
    }

    @Test
    void nothingIsReleasedBeforeTheExpiryTime() {
        restarted();
        Expiry expiry = new Expiry(topology, model, AFTER, START);

        assertThat(expiry.sweep(START.plus(AFTER).minusSeconds(1))).isEmpty();
        assertThat(model.leases()).containsOnlyKeys("gone1", "gone2");
        assertThat(model.network().appId("idle")).isPresent();
    }

    @Test
    void hostsAndUnusedAppsGoneForTheExpiryTimeAreReleasedInTheStoreTooAndTheSubnetIsReused() {
        restarted();
        Expiry expiry = new Expiry(topology, model, AFTER, START);

        assertThat(expiry.sweep(START.plus(AFTER))).containsExactlyInAnyOrder("host gone1", "host gone2", "app idle");

        assertThat(model.leases()).isEmpty();
        assertThat(store.load().leases()).isEmpty();
        assertThat(model.network().appId("idle")).isEmpty();
        assertThat(store.load().appIds()).containsOnlyKeys("used", "peer");
        assertThat(model.lease("new").subnet()).hasToString("10.255.0.0/24");
    }

    @Test
    void anAppThatBecomesIdleLaterCountsFromWhenItWasSeenIdle() {
        restarted();
        Expiry expiry = new Expiry(topology, model, AFTER, START);
        expiry.sweep(START.plusSeconds(60));
        model.apply(List.of(new Change.RemovePolicy(PolicyId.of(1))), StoreWrite.none());

        Instant idleSeen = START.plus(AFTER).plusSeconds(60);
        assertThat(expiry.sweep(idleSeen)).doesNotContain("app used", "app peer");
        assertThat(expiry.sweep(idleSeen.plus(AFTER))).contains("app used", "app peer");
    }

    @Test
    void forgettingAnUnknownHostIsRefusedAndChangesNothing() {
        restarted();

        assertThatThrownBy(() -> topology.forget("nobody")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no host nobody is known or leased");
        assertThat(model.leases()).containsOnlyKeys("gone1", "gone2");
        topology.forget("gone1").join();
        assertThat(store.load().leases()).containsOnlyKeys("gone2");
    }
}
