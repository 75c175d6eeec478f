package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.model.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Leases never overlap, stay inside the overlay, and a host keeps its lease. */
class SubnetPoolProperties {
    private static final Ipv4Prefix OVERLAY = Ipv4Prefix.parse("10.255.0.0/16");

    @Property(tries = 200)
    void leasesAreDisjointInsideTheOverlayAndStable(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 30) Integer> hosts,
                                                    @ForAll @IntRange(min = 17, max = 26) int length) {
        SubnetPool pool = SubnetPool.of(OVERLAY, length, Map.of());
        int capacity = 1 << (length - OVERLAY.length());
        for (int host : hosts) {
            if (pool.leaseOf("h" + host).isEmpty() && pool.leases().size() == capacity) {
                SubnetPool full = pool;
                assertThatThrownBy(() -> full.lease("h" + host)).isInstanceOf(IllegalStateException.class);
                continue;
            }
            SubnetPool.Leased leased = pool.lease("h" + host);
            assertThat(leased.isNew()).isEqualTo(pool.leaseOf("h" + host).isEmpty());
            pool.leaseOf("h" + host).ifPresent(held -> assertThat(leased.subnet()).isEqualTo(held));
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
        assertThat(SubnetPool.of(OVERLAY, length, pool.leases()).leases()).isEqualTo(pool.leases());
    }

    @Test
    void theLowestFreeSubnetIsLeasedAndExhaustionIsClear() {
        SubnetPool pool = SubnetPool.of(Ipv4Prefix.parse("10.0.0.0/23"), 24,
                Map.of("h2", Ipv4Prefix.parse("10.0.1.0/24")));
        SubnetPool.Leased first = pool.lease("h1");
        assertThat(first.subnet()).hasToString("10.0.0.0/24");
        assertThatThrownBy(() -> first.pool().lease("h3")).isInstanceOf(IllegalStateException.class)
                .hasMessage("overlay 10.0.0.0/23 has no free /24 left for host h3");
    }

    @Test
    void badConfigurationIsRefused() {
        assertThatThrownBy(() -> SubnetPool.of(OVERLAY, 31, Map.of())).hasMessageContaining("between 16 and 30");
        assertThatThrownBy(() -> SubnetPool.of(OVERLAY, 24, Map.of("h1", Ipv4Prefix.parse("10.1.0.0/24"))))
                .hasMessage("lease 10.1.0.0/24 of host h1 is not a /24 of overlay 10.255.0.0/16");
        assertThatThrownBy(() -> SubnetPool.of(OVERLAY, 24, Map.of("h1", Ipv4Prefix.parse("10.255.0.0/24"),
                "h2", Ipv4Prefix.parse("10.255.0.0/24")))).hasMessageContaining("both hold subnet 10.255.0.0/24");
    }
}
