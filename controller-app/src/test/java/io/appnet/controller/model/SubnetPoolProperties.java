package io.appnet.controller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Leases never overlap, stay inside the overlay, a host keeps its lease, and allocation is deterministic. */
class SubnetPoolProperties {
    private static final Ipv4Prefix OVERLAY = SubnetPool.DEFAULT_OVERLAY;

    private static Ipv4Prefix subnet(int index, int length) {
        return Ipv4Prefix.of(OVERLAY.network().plus(index << (32 - length)), length);
    }

    @Property(tries = 300)
    void leasesAreDisjointInsideTheOverlayAndStable(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 40) Integer> hosts,
            @ForAll @IntRange(min = 16, max = 30) int length) {
        SubnetPool pool = SubnetPool.of(OVERLAY, length, Map.of());
        long capacity = 1L << (length - OVERLAY.length());
        for (int host : hosts) {
            String hostId = "h" + host;
            if (pool.leaseOf(hostId).isEmpty() && pool.leases().size() == capacity) {
                SubnetPool full = pool;
                assertThatThrownBy(() -> full.lease(hostId)).isInstanceOf(IllegalStateException.class)
                        .hasMessage("overlay " + OVERLAY + " has no free /" + length + " left for host " + hostId);
                continue;
            }
            SubnetPool before = pool;
            SubnetPool.Leased leased = pool.lease(hostId);
            assertThat(leased.isNew()).isEqualTo(before.leaseOf(hostId).isEmpty());
            before.leaseOf(hostId).ifPresent(held -> assertThat(leased.subnet()).isEqualTo(held));
            assertThat(leased.pool().leaseOf(hostId)).contains(leased.subnet());
            assertThat(pool.lease(hostId)).as("leasing twice from one pool").isEqualTo(leased);
            pool = leased.pool();
        }
        List<Ipv4Prefix> leases = new ArrayList<>(pool.leases().values());
        for (int i = 0; i < leases.size(); i++) {
            assertThat(leases.get(i).length()).isEqualTo(length);
            assertThat(OVERLAY.contains(leases.get(i).network())).isTrue();
            for (int j = i + 1; j < leases.size(); j++) {
                assertThat(leases.get(i).overlaps(leases.get(j))).isFalse();
            }
        }
        assertThat(SubnetPool.of(OVERLAY, length, pool.leases())).as("reloaded from its leases").isEqualTo(pool);
    }

    @Property(tries = 300)
    void aNewHostGetsTheLowestFreeSubnetWhateverTheOrderLeasesWereLoadedIn(
            @ForAll @Size(max = 30) Set<@IntRange(min = 0, max = 63) Integer> held, @ForAll long shuffleSeed) {
        int length = 22; // 64 subnets of the /16
        Map<String, Ipv4Prefix> leases = new LinkedHashMap<>();
        held.forEach(index -> leases.put("host-" + index, subnet(index, length)));
        List<Map.Entry<String, Ipv4Prefix>> shuffled = new ArrayList<>(leases.entrySet());
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        Map<String, Ipv4Prefix> reordered = new LinkedHashMap<>();
        shuffled.forEach(entry -> reordered.put(entry.getKey(), entry.getValue()));

        SubnetPool pool = SubnetPool.of(OVERLAY, length, leases);
        SubnetPool.Leased leased = pool.lease("newcomer");
        SubnetPool.Leased again = SubnetPool.of(OVERLAY, length, reordered).lease("newcomer");

        int lowestFree = 0;
        while (held.contains(lowestFree)) {
            lowestFree++;
        }
        assertThat(leased.isNew()).isTrue();
        assertThat(leased.subnet()).isEqualTo(subnet(lowestFree, length));
        assertThat(again).isEqualTo(leased);
        assertThat(pool.leaseOf("newcomer")).as("the original pool is unchanged").isEmpty();
        assertThat(pool.leases()).isEqualTo(leases);
    }

    @Test
    void aHostThatHoldsALeaseKeepsItAndThePoolIsUnchanged() {
        SubnetPool pool = SubnetPool.of(OVERLAY, 24, Map.of("h1", Ipv4Prefix.parse("10.255.7.0/24")));
        SubnetPool.Leased leased = pool.lease("h1");
        assertThat(leased.subnet()).hasToString("10.255.7.0/24");
        assertThat(leased.isNew()).isFalse();
        assertThat(leased.pool()).isSameAs(pool);
        assertThat(pool.lease("h2").subnet()).hasToString("10.255.0.0/24");
    }

    @Test
    void theDefaultsAreSlash24sOfTheOverlayInTheHostContract() {
        SubnetPool pool = SubnetPool.defaults();
        assertThat(pool.overlay()).hasToString("10.255.0.0/16");
        assertThat(pool.prefixLength()).isEqualTo(24);
        assertThat(pool.leases()).isEmpty();
        assertThat(pool.lease("h1").subnet()).hasToString("10.255.0.0/24");
    }

    @Test
    void exhaustionIsClear() {
        SubnetPool pool = SubnetPool.of(Ipv4Prefix.parse("10.0.0.0/23"), 24,
                Map.of("h2", Ipv4Prefix.parse("10.0.1.0/24")));
        SubnetPool.Leased first = pool.lease("h1");
        assertThat(first.subnet()).hasToString("10.0.0.0/24");
        assertThatThrownBy(() -> first.pool().lease("h3")).isInstanceOf(IllegalStateException.class)
                .hasMessage("overlay 10.0.0.0/23 has no free /24 left for host h3");
    }

    @Test
    void aHighOverlayWrapsNoAddress() {
        Ipv4Prefix top = Ipv4Prefix.parse("255.255.255.0/24");
        SubnetPool pool = SubnetPool.of(top, 30, Map.of());
        for (int i = 0; i < 64; i++) {
            SubnetPool.Leased leased = pool.lease("h" + i);
            assertThat(leased.subnet().network()).isEqualTo(Ipv4Address.parse("255.255.255.0").plus(4 * i));
            pool = leased.pool();
        }
        SubnetPool full = pool;
        assertThatThrownBy(() -> full.lease("h64")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badConfigurationIsRefusedWithTheReason() {
        assertThatThrownBy(() -> SubnetPool.of(OVERLAY, 31, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host subnets of /31 do not fit overlay 10.255.0.0/16: the prefix length must be"
                        + " between 16 and 30");
        assertThatThrownBy(() -> SubnetPool.of(OVERLAY, 15, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 16 and 30");
        assertThatThrownBy(() -> SubnetPool.of(OVERLAY, 24, Map.of("h1", Ipv4Prefix.parse("10.1.0.0/24"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lease 10.1.0.0/24 of host h1 is not a /24 of overlay 10.255.0.0/16");
        assertThatThrownBy(() -> SubnetPool.of(OVERLAY, 24, Map.of("h1", Ipv4Prefix.parse("10.255.0.0/25"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lease 10.255.0.0/25 of host h1 is not a /24 of overlay 10.255.0.0/16");
        assertThatThrownBy(() -> SubnetPool.of(OVERLAY, 24, Map.of("h2", Ipv4Prefix.parse("10.255.0.0/24"),
                "h1", Ipv4Prefix.parse("10.255.0.0/24")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hosts h1 and h2 both hold subnet 10.255.0.0/24");
    }
}
