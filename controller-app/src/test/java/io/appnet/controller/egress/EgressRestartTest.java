package io.appnet.controller.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.OfflineModels;
import io.appnet.controller.policy.GroupPolicyRecord;
import io.appnet.controller.policy.GroupRecord;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.store.SqliteStore;
import io.appnet.controller.store.StoredState;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted controller gives back every destination under the same pseudo app ID, every egress policy with its
 * ID and {@code app_lifecycle}, every group with its name and members, group policies, and per-app addresses.
 */
class EgressRestartTest {
    private static final EgressSettings PER_APP = EgressSettings.of("10.255.0.0/16", List.of("203.0.113.0/30"),
            "per-app");

    @TempDir
    Path directory;

    /** The services of a controller started from what the store holds, as {@code Controller.start} wires them. */
    private record Started(NetworkModel model, EgressService egress, GroupService groups) {
        static Started from(SqliteStore store) {
            StoredState state = store.load();
            NetworkModel model = OfflineModels.of(NetworkModel.restore(state, PER_APP), store);
            PolicyIds ids = new PolicyIds(model.network());
            return new Started(model, new EgressService(model, ids, state), new GroupService(model, ids, state));
        }
    }

    @Test
    void everythingComesBackAsItWasWithTheSamePseudoAppIdsAndAddresses() {
        Network before;
        List<DestinationRecord> destinations;
        List<EgressPolicyRecord> policies;
        try (SqliteStore store = SqliteStore.open(directory)) {
            Started first = Started.from(store);
            first.groups().put(List.of(new GroupRecord("space-1", "dev", List.of("web", "api"))));
            first.groups().create(List.of(GroupPolicyRecord.parse("space-1", null, "space-1", "tcp", 8080, 8080),
                    GroupPolicyRecord.parse("space-1", "app", "db-proxy", "tcp", 6432, 6432)));
            first.egress().createDestinations(List.of(new DestinationSpec(null, "db", "the database",
                    List.of(DestinationRule.tcp(List.of(IpRange.parse("192.0.2.10", "192.0.2.12")),
                            List.of(new PortRange(5432, 5432)))), Set.of()),
                    new DestinationSpec(null, "dns", "", List.of(DestinationRule.udp(
                            List.of(IpRange.parse("198.51.100.53", null)), List.of(new PortRange(53, 53)))),
                            Set.of("gw1"))));
            String db = first.egress().destinations(Set.of(), Set.of("db")).get(0).id();
            first.egress().createEgressPolicies(List.of(new EgressPolicySpec("app", "worker", db, "running"),
                    new EgressPolicySpec("space", "space-1", db, "staging")));
            before = first.model().network();
            destinations = first.egress().destinations(Set.of(), Set.of());
            policies = first.egress().egressPolicies(EgressPolicyFilter.all());
            assertThat(first.egress().addresses().apps()).hasSize(3);
        }

        try (SqliteStore store = SqliteStore.open(directory)) {
            Started again = Started.from(store);
            Network after = again.model().network();
            assertThat(again.egress().destinations(Set.of(), Set.of())).isEqualTo(destinations);
            assertThat(again.egress().egressPolicies(EgressPolicyFilter.all())).isEqualTo(policies);
            assertThat(after.egress().destinations()).isEqualTo(before.egress().destinations());
            assertThat(after.egress().addresses()).isEqualTo(before.egress().addresses());
            assertThat(after.apps()).isEqualTo(before.apps());
            assertThat(again.groups().groups()).containsExactly(new GroupRecord("space-1", "dev", List.of("api", "web")));
            assertThat(again.groups().groupPolicies()).extracting(GroupPolicyRecord::toString).containsExactly(
                    "group space-1 -> group space-1 tcp 8080", "group space-1 -> app db-proxy tcp 6432");
            assertThat(policies).extracting(policy -> policy.spec().appLifecycle()).containsExactly("running", "staging");

            long next = again.egress().createEgressPolicies(List.of(new EgressPolicySpec("app", "web",
                    destinations.get(0).id(), null))).value().get(0).id().value();
            assertThat(next).as("IDs continue after every kind restored").isEqualTo(5);
        }
    }

    @Test
    void anAddressTheNewPoolNoLongerHasIsReplacedAndTheStoreRepaired() {
        try (SqliteStore store = SqliteStore.open(directory)) {
            Started first = Started.from(store);
            String db = first.egress().createDestinations(List.of(new DestinationSpec(null, "db", "", List.of(
                    DestinationRule.icmp(List.of(IpRange.parse("192.0.2.1", null)), 8, -1)), Set.of()))).value()
                    .get(0).id();
            first.egress().createEgressPolicies(List.of(new EgressPolicySpec("app", "a", db, null)));
            assertThat(store.load().egressAddresses()).containsEntry("a", "203.0.113.0");
        }
        try (SqliteStore store = SqliteStore.open(directory)) {
            EgressSettings smaller = EgressSettings.of("10.255.0.0/16", List.of("198.51.100.7"), "per-app");
            Network restored = NetworkModel.restore(store.load(), smaller);
            store.commit(io.appnet.controller.model.StoredNetwork.addressRepair(store.load(), restored));

            assertThat(restored.egress().addresses().values()).extracting(Object::toString)
                    .containsExactly("198.51.100.7");
            assertThat(store.load().egressAddresses()).isEqualTo(java.util.Map.of("a", "198.51.100.7"));
        }
    }
}
