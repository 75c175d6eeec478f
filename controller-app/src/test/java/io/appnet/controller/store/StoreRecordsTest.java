package io.appnet.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rows a store could not hold, or that two stores would hold differently, cannot be built. */
class StoreRecordsTest {

    @Test
    void aPolicyNeedsAPositiveIdBothAppsAKnownProtocolAndPortsInOrder() {
        assertThatThrownBy(() -> new StoredPolicy(0, "web", "api", "tcp", 80, 80))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("policy ID 0 is not positive");
        assertThatThrownBy(() -> new StoredPolicy(1, "", "api", "tcp", 80, 80))
                .hasMessage("source app GUID is missing");
        assertThatThrownBy(() -> new StoredPolicy(1, "web", null, "tcp", 80, 80))
                .hasMessage("destination app GUID is missing");
        assertThatThrownBy(() -> new StoredPolicy(1, "web", "api", "TCP", 80, 80))
                .hasMessage("protocol 'TCP' is not tcp, udp, icmp or all");
        assertThatThrownBy(() -> new StoredPolicy(1, "web", "api", "udp", 90, 80))
                .hasMessage("ports 90-80 are not within 0..65535 in order");
        assertThatThrownBy(() -> new StoredPolicy(1, "web", "api", "udp", 80, 65536))
                .hasMessage("ports 80-65536 are not within 0..65535 in order");
        assertThat(new StoredPolicy(1, "some-app-guid", "api", "all", 0, 65535).protocol()).isEqualTo("all");
    }

    @Test
    void aDestinationNeedsRulesWithRangesAndAPseudoAppIdInTheVniRange() {
        assertThatThrownBy(() -> StoreContract.destination("d1", "db", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pseudo app ID of destination 'db' 0 is"
                        + " outside 1..16777215");
        assertThatThrownBy(() -> new StoredDestination("d1", "db", "", List.of(), List.of(), 900))
                .hasMessage("destination 'db' has no rules");
        assertThatThrownBy(() -> new StoredDestination.Rule("tcp", List.of("192.0.2.9-192.0.2.1"), List.of(), -1, -1))
                .hasMessageStartingWith("ip range '192.0.2.9-192.0.2.1' is not written a-b");
        assertThatThrownBy(() -> new StoredDestination.Rule("tcp", List.of("192.0.2.1"), List.of(), -1, -1))
                .hasMessageStartingWith("ip range '192.0.2.1' is not written a-b");
        assertThatThrownBy(() -> new StoredDestination.Rule("tcp", List.of("192.0.2.1-192.0.2.1"), List.of("90-80"),
                -1, -1)).hasMessage("port range '90-80' is not written a-b within 1..65535 in order");
        assertThatThrownBy(() -> new StoredEgressPolicy(1, "org", "o", "d1", "all"))
                .hasMessage("egress policy source type 'org' is not app or space");
    }

    @Test
    void aWriteNeedsAppIdsInTheVniRangeAndCanonicalLeases() {
        assertThatThrownBy(() -> StoreWrite.none().withApps(Map.of("web", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("app ID of 'web' 0 is outside 1..16777215");
        assertThatThrownBy(() -> StoreWrite.none().withLease("h1", "10.255.0.1/24"))
                .hasMessageStartingWith("'10.255.0.1/24' is not an IPv4 CIDR");
        assertThatThrownBy(() -> StoreWrite.none().withLease("", "10.255.0.0/24"))
                .hasMessage("host id is missing");
    }

    @Test
    void aWriteIsImmutableAndKnowsWhenItIsEmpty() {
        List<StoredPolicy> policies = new ArrayList<>(List.of(StoreContract.policy(1, "web", "api")));
        StoreWrite write = StoreWrite.none().addingPolicies(policies);
        policies.clear();

        assertThat(write.addedPolicies()).containsExactly(StoreContract.policy(1, "web", "api"));
        assertThatThrownBy(() -> write.removedPolicies().add(2L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(write.isEmpty()).isFalse();
        assertThat(StoreWrite.none().isEmpty()).isTrue();
        assertThat(StoreWrite.none().removingPolicies(Set.of()).withApps(Map.of()).isEmpty()).isTrue();
    }
}
