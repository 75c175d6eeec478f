package io.appnet.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.OfflineModels;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoredState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One policy service behind every front end: same checks, all or nothing, no-op duplicates, durable. */
class PolicyServiceTest {
    private final InMemoryStore store = new InMemoryStore();
    private final NetworkModel network = OfflineModels.empty(store);
    private final PolicyService policies = new PolicyService(network);

    private static PolicySpec tcp(String source, String destination, int start, int end) {
        return PolicySpec.parse(source, destination, "tcp", start, end, false);
    }

    @Test
    void createdPoliciesAreListedStoredAndTheirAppsGetIds() {
        policies.create(List.of(tcp("web", "api", 8080, 8080), tcp("api", "db", 5432, 5440))).join();

        assertThat(policies.list(PolicyFilter.all())).extracting(PolicyRecord::spec)
                .containsExactly(tcp("web", "api", 8080, 8080), tcp("api", "db", 5432, 5440));
        StoredState stored = store.load();
        assertThat(stored.policies()).hasSize(2);
        assertThat(stored.appIds().keySet()).containsExactlyInAnyOrder("web", "api", "db");
        assertThat(network.network().appId("web").orElseThrow().value()).isEqualTo(stored.appIds().get("web"));
    }

    @Test
    void aDuplicateIsANoOpAndDeletingWhatDoesNotExistIsANoOp() {
        policies.create(List.of(tcp("web", "api", 8080, 8080))).join();
        policies.create(List.of(tcp("web", "api", 8080, 8080), tcp("web", "api", 8080, 8080))).join();
        assertThat(policies.list(PolicyFilter.all())).hasSize(1);

        policies.delete(List.of(tcp("web", "api", 8080, 8081))).join();
        assertThat(policies.list(PolicyFilter.all())).as("delete matches the range exactly").hasSize(1);
        policies.delete(List.of(PolicySpec.parse("web", "api", "udp", 8080, 8080, false))).join();
        assertThat(policies.list(PolicyFilter.all())).as("and the protocol").hasSize(1);

        policies.delete(List.of(tcp("web", "api", 8080, 8080))).join();
        assertThat(policies.list(PolicyFilter.all())).isEmpty();
        assertThat(store.load().policies()).isEmpty();
    }

    @Test
    void filtersWorkLikePolicyServersQuery() {
        policies.create(List.of(tcp("a", "b", 1, 1), tcp("b", "c", 2, 2), tcp("c", "a", 3, 3))).join();

        assertThat(policies.list(PolicyFilter.involving(Set.of("a")))).hasSize(2);
        assertThat(policies.list(new PolicyFilter(Set.of("a"), Set.of("b"), Set.of()))).as("id wins").hasSize(2);
        assertThat(policies.list(new PolicyFilter(Set.of(), Set.of("b"), Set.of())))
                .extracting(PolicyRecord::spec).containsExactly(tcp("b", "c", 2, 2));
        assertThat(policies.list(new PolicyFilter(Set.of(), Set.of("a", "b"), Set.of("c"))))
                .extracting(PolicyRecord::spec).containsExactly(tcp("b", "c", 2, 2));
        assertThat(policies.countFrom("a")).isEqualTo(1);
    }

    @Test
    void aRestartedServiceKeepsIdsAndNumbersNewPoliciesAfterThem() {
        policies.create(List.of(tcp("web", "api", 8080, 8080), tcp("web", "db", 5432, 5432))).join();
        policies.delete(List.of(tcp("web", "api", 8080, 8080))).join();
        NetworkModel restarted = OfflineModels.of(NetworkModel.restore(store.load()), store);
        PolicyService again = new PolicyService(restarted);

        again.create(List.of(tcp("api", "db", 1, 1))).join();

        assertThat(again.list(PolicyFilter.all())).extracting(record -> record.id().value()).containsExactly(2L, 3L);
        assertThat(restarted.network().appId("db")).isEqualTo(network.network().appId("db"));
    }

    @Test
    void aRefusedRequestChangesNothing() {
        policies.create(List.of(tcp("web", "api", 8080, 8080))).join();
        String tooLong = "x".repeat(200);

        assertThatThrownBy(() -> policies.create(List.of(tcp("web", "db", 1, 1), tcp(tooLong, "db", 1, 1))))
                .isInstanceOf(PolicyException.class).hasMessageContaining("longer than 128");
        assertThatThrownBy(() -> policies.create(List.of())).hasMessage("missing policies");

        assertThat(policies.list(PolicyFilter.all())).extracting(PolicyRecord::spec)
                .containsExactly(tcp("web", "api", 8080, 8080));
        assertThat(store.load().policies()).hasSize(1);
        assertThat(network.network().appId("db")).isEmpty();
    }

    @Test
    void requestsAreCheckedWithPolicyServersMessages() {
        assertRefused(() -> PolicySpec.parse("", "b", "tcp", 1, 1, false), "missing source id");
        assertRefused(() -> PolicySpec.parse("a", null, "tcp", 1, 1, false), "missing destination id");
        assertRefused(() -> PolicySpec.parse("a", "b", null, 1, 1, false),
                "invalid destination protocol, specify either udp or tcp");
        assertRefused(() -> PolicySpec.parse("a", "b", "icmp", null, null, false),
                "invalid destination protocol, specify either udp or tcp");
        assertRefused(() -> PolicySpec.parse("a", "b", "TCP", 1, 1, false),
                "invalid destination protocol, specify either udp or tcp");
        assertRefused(() -> PolicySpec.parse("a", "b", "sctp", 1, 1, true),
                "invalid destination protocol, specify either udp, tcp, icmp or all");
        assertRefused(() -> PolicySpec.parse("a", "b", "tcp", null, null, false), "missing start port");
        assertRefused(() -> PolicySpec.parse("a", "b", "tcp", 0, 10, false),
                "invalid start port 0, must be in range 1-65535");
        assertRefused(() -> PolicySpec.parse("a", "b", "udp", 10, 65536, false),
                "invalid end port 65536, must be in range 1-65535");
        assertRefused(() -> PolicySpec.parse("a", "b", "tcp", 90, 80, false),
                "invalid port range 90-80, start must be less than or equal to end");
        assertRefused(() -> PolicySpec.parse("a", "b", "tcp", -5, -1, false),
                "invalid start port -5, must be in range 1-65535");
        assertRefused(() -> PolicySpec.parse("a", "b", "tcp", 8080, null, false),
                "invalid port range 8080-0, start must be less than or equal to end");
        assertRefused(() -> PolicySpec.parse("a", "b", "tcp", null, 10, false), "missing start port");
        assertRefused(() -> PolicySpec.parse("a", "b", "icmp", 1, 1, true), "ports are not allowed for protocol icmp");
        assertThat(PolicySpec.parse("a", "b", "all", null, null, true).ports().isAny()).isTrue();
    }

    private static void assertRefused(Runnable parse, String message) {
        assertThatThrownBy(parse::run).isInstanceOf(PolicyException.class).hasMessage(message);
    }
}
