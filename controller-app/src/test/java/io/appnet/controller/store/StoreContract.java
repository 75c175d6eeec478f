package io.appnet.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link ControllerStore} guarantees; each implementation's test runs these. */
abstract class StoreContract {

    abstract ControllerStore store();

    static StoredPolicy policy(long id, String source, String destination) {
        return new StoredPolicy(id, source, destination, "tcp", 8080, 8080);
    }

    static StoredDestination destination(String id, String name, int pseudoAppId) {
        return new StoredDestination(id, name, "the " + name, List.of(
                new StoredDestination.Rule("tcp", List.of("192.0.2.10-192.0.2.10", "198.51.100.0-198.51.100.255"),
                        List.of("5432-5432", "6000-6010"), -1, -1),
                new StoredDestination.Rule("icmp", List.of("192.0.2.10-192.0.2.10"), List.of(), 8, -1)),
                List.of("gw1"), pseudoAppId);
    }

    static StoredEgressPolicy egressPolicy(long id, String source, String destination) {
        return new StoredEgressPolicy(id, "app", source, destination, "running");
    }

    @Test
    void aCommitIsReadBack() {
        store().commit(StoreWrite.none().withApps(Map.of("web", 1, "api", 2)).withLease("h1", "10.255.0.0/24")
                .addingPolicies(List.of(policy(1, "web", "api"))));

        StoredState state = store().load();
        assertThat(state.appIds()).isEqualTo(Map.of("web", 1, "api", 2));
        assertThat(state.leases()).isEqualTo(Map.of("h1", "10.255.0.0/24"));
        assertThat(state.policies()).containsExactly(policy(1, "web", "api"));
    }

    @Test
    void aReleasedLeaseAndAppIdAreGoneAndFreeForOthers() {
        store().commit(StoreWrite.none().withApps(Map.of("web", 1, "api", 2)).withLease("h1", "10.255.0.0/24")
                .withLease("h2", "10.255.1.0/24"));

        store().commit(StoreWrite.none().releasingLeases(Set.of("h1")).releasingApps(Set.of("web")));
        store().commit(StoreWrite.none().withLease("h3", "10.255.0.0/24").withApps(Map.of("db", 1)));

        StoredState state = store().load();
        assertThat(state.leases()).isEqualTo(Map.of("h2", "10.255.1.0/24", "h3", "10.255.0.0/24"));
        assertThat(state.appIds()).isEqualTo(Map.of("api", 2, "db", 1));
    }

    @Test
    void anAppKeepsItsIdAndAnIdHasOneApp() {
        store().commit(StoreWrite.none().withApps(Map.of("web", 1)));
        store().commit(StoreWrite.none().withApps(Map.of("web", 1)));

        assertThatThrownBy(() -> store().commit(StoreWrite.none().withApps(Map.of("web", 2))))
                .isInstanceOf(StoreException.class).hasMessage("app 'web' already has app ID 1, not 2");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().withApps(Map.of("api", 1))))
                .isInstanceOf(StoreException.class).hasMessage("app ID 1 is already held by app 'web'");
        assertThat(store().load().appIds()).isEqualTo(Map.of("web", 1));
    }

    @Test
    void aHostKeepsItsLeaseAndASubnetHasOneHost() {
        store().commit(StoreWrite.none().withLease("h1", "10.255.0.0/24"));

        assertThatThrownBy(() -> store().commit(StoreWrite.none().withLease("h1", "10.255.1.0/24")))
                .hasMessage("host h1 already leases 10.255.0.0/24, not 10.255.1.0/24");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().withLease("h2", "10.255.0.0/24")))
                .hasMessage("subnet 10.255.0.0/24 is already leased to another host");
    }

    @Test
    void aRefusedWriteChangesNothingOfIt() {
        store().commit(StoreWrite.none().addingPolicies(List.of(policy(1, "web", "api"))));

        assertThatThrownBy(() -> store().commit(StoreWrite.none().withApps(Map.of("db", 3))
                .addingPolicies(List.of(policy(2, "web", "db"), policy(1, "x", "y")))))
                .isInstanceOf(StoreException.class).hasMessage("policy ID 1 already exists");

        StoredState state = store().load();
        assertThat(state.appIds()).isEmpty();
        assertThat(state.policies()).containsExactly(policy(1, "web", "api"));
    }

    @Test
    void writesCommittedTogetherAreEachCheckedAgainstTheOnesBeforeThem() {
        store().commitAll(List.of(
                StoreWrite.none().withApps(Map.of("web", 1)).addingPolicies(List.of(policy(1, "web", "api"))),
                StoreWrite.none().removingPolicies(Set.of(1L)),
                StoreWrite.none().withApps(Map.of("web", 1)).addingPolicies(List.of(policy(1, "web", "db")))));

        StoredState state = store().load();
        assertThat(state.appIds()).isEqualTo(Map.of("web", 1));
        assertThat(state.policies()).containsExactly(policy(1, "web", "db"));
    }

    @Test
    void writesCommittedTogetherAreRefusedTogetherIfOneIsRefused() {
        store().commit(StoreWrite.none().addingPolicies(List.of(policy(1, "web", "api"))));

        assertThatThrownBy(() -> store().commitAll(List.of(
                StoreWrite.none().withApps(Map.of("db", 3)).addingPolicies(List.of(policy(2, "web", "db"))),
                StoreWrite.none().removingPolicies(Set.of(1L)),
                StoreWrite.none().addingPolicies(List.of(policy(2, "x", "y"))))))
                .isInstanceOf(StoreException.class).hasMessage("policy ID 2 already exists");
        assertThat(store().load().appIds()).isEmpty();
        assertThat(store().load().policies()).containsExactly(policy(1, "web", "api"));

        store().commitAll(List.of(StoreWrite.none().addingPolicies(List.of(policy(2, "web", "db"))),
                StoreWrite.none().addingPolicies(List.of(policy(3, "web", "db")))));
        assertThat(store().load().policies()).as("checked against what is stored, not what the refused writes left")
                .containsExactlyInAnyOrder(policy(1, "web", "api"), policy(2, "web", "db"), policy(3, "web", "db"));
    }

    @Test
    void removingAnUnknownPolicyIsANoOp() {
        store().commit(StoreWrite.none().addingPolicies(List.of(policy(1, "web", "api"))));
        store().commit(StoreWrite.none().removingPolicies(Set.of(1L, 7L)));

        assertThat(store().load().policies()).isEmpty();
    }

    static StoredFirewall firewall(String name, long datapathId) {
        return new StoredFirewall(name, datapathId, 1, 2, List.of("app:db", "destination:d1"), "nat",
                Map.of("web", "198.18.0.10", "api", "198.18.0.11"), 2, 1000);
    }

    @Test
    void firewallsAreReadBackReplacedByNameAndADatapathIdIsOneFirewalls() {
        store().commit(StoreWrite.none().puttingFirewalls(List.of(firewall("fw1", 0xf1),
                new StoredFirewall("fw2", 0xf2, 3, 4, List.of("app:web"), "instance-ip", Map.of(), 0, 0))));
        assertThat(store().load().firewalls()).containsExactly(firewall("fw1", 0xf1),
                new StoredFirewall("fw2", 0xf2, 3, 4, List.of("app:web"), "instance-ip", Map.of(), 0, 0));

        assertThatThrownBy(() -> store().commit(StoreWrite.none().puttingFirewalls(List.of(firewall("fw3", 0xf1)))))
                .isInstanceOf(StoreException.class).hasMessage("datapath ID f1 is already firewall 'fw1'");
        StoredFirewall moved = new StoredFirewall("fw1", 0xf3, 5, 6, List.of("destination:d2"), "vxlan",
                Map.of("h1", "7"), 1, 0, "make-before-break");
        store().commit(StoreWrite.none().puttingFirewalls(List.of(moved)));
        store().commit(StoreWrite.none().removingFirewalls(Set.of("fw2", "unknown"))
                .puttingFirewalls(List.of(firewall("fw4", 0xf2))));
        assertThat(store().load().firewalls()).containsExactly(moved, firewall("fw4", 0xf2));
    }

    @Test
    void destinationsGroupsAndEgressRowsAreReadBack() {
        store().commit(StoreWrite.none().withApps(Map.of("web", 1))
                .puttingGroups(List.of(new StoredGroup("space-1", "dev", List.of("web", "api"))))
                .addingGroupPolicies(List.of(new StoredGroupPolicy(2, "space-1", "space-1", "tcp", 80, 80)))
                .puttingDestinations(List.of(destination("d1", "db", 900)))
                .addingEgressPolicies(List.of(egressPolicy(3, "web", "d1"),
                        new StoredEgressPolicy(4, "space", "space-1", "d1", "all")))
                .withEgressAddresses(List.of(new StoredEgressAddress("web", "203.0.113.1")), Set.of()));

        StoredState state = store().load();
        assertThat(state.groups()).containsExactly(new StoredGroup("space-1", "dev", List.of("api", "web")));
        assertThat(state.groupPolicies()).containsExactly(new StoredGroupPolicy(2, "space-1", "space-1", "tcp", 80, 80));
        assertThat(state.destinations()).containsExactly(destination("d1", "db", 900));
        assertThat(state.egressPolicies()).containsExactly(egressPolicy(3, "web", "d1"),
                new StoredEgressPolicy(4, "space", "space-1", "d1", "all"));
        assertThat(state.egressAddresses()).isEqualTo(Map.of("web", "203.0.113.1"));
    }

    @Test
    void aPutReplacesADestinationOrGroupWholeAndARemovalForgetsIt() {
        store().commit(StoreWrite.none().puttingDestinations(List.of(destination("d1", "db", 900)))
                .puttingGroups(List.of(new StoredGroup("g", "dev", List.of("web", "api")))));
        StoredDestination renamed = new StoredDestination("d1", "postgres", "", List.of(new StoredDestination.Rule(
                "udp", List.of("192.0.2.11-192.0.2.11"), List.of("53-53"), -1, -1)), List.of(), 900);
        store().commit(StoreWrite.none().puttingDestinations(List.of(renamed))
                .puttingGroups(List.of(new StoredGroup("g", "prod", List.of("db")))));
        assertThat(store().load().destinations()).containsExactly(renamed);
        assertThat(store().load().groups()).containsExactly(new StoredGroup("g", "prod", List.of("db")));

        store().commit(StoreWrite.none().removingDestinations(Set.of("d1", "unknown")).removingGroups(Set.of("g")));
        assertThat(store().load().destinations()).isEmpty();
        assertThat(store().load().groups()).isEmpty();
        store().commit(StoreWrite.none().puttingDestinations(List.of(destination("d2", "db", 900))));
        assertThat(store().load().destinations()).extracting(StoredDestination::id).containsExactly("d2");
    }

    @Test
    void aPolicyIdNamesOnePolicyOfAnyKindAndARemovalFreesItWhateverItsKind() {
        store().commit(StoreWrite.none().addingPolicies(List.of(policy(1, "web", "api")))
                .puttingDestinations(List.of(destination("d1", "db", 900)))
                .addingEgressPolicies(List.of(egressPolicy(2, "web", "d1"))));

        assertThatThrownBy(() -> store().commit(StoreWrite.none().addingEgressPolicies(List.of(
                egressPolicy(1, "web", "d1"))))).isInstanceOf(StoreException.class)
                .hasMessage("policy ID 1 already exists");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().addingGroupPolicies(List.of(
                new StoredGroupPolicy(2, "g", "g", "all", 0, 65535))))).hasMessage("policy ID 2 already exists");

        store().commit(StoreWrite.none().removingPolicies(Set.of(1L, 2L)));
        assertThat(store().load().policies()).isEmpty();
        assertThat(store().load().egressPolicies()).isEmpty();
    }

    @Test
    void namesAndAddressesAreUniqueAndAPseudoAppIdHasOneOwnerAmongAppsAndDestinations() {
        store().commit(StoreWrite.none().withApps(Map.of("web", 1)).puttingDestinations(List.of(
                destination("d1", "db", 2))).puttingGroups(List.of(new StoredGroup("g", "dev", List.of())))
                .withEgressAddresses(List.of(new StoredEgressAddress("web", "203.0.113.1")), Set.of()));

        assertThatThrownBy(() -> store().commit(StoreWrite.none().puttingDestinations(List.of(
                destination("d2", "other", 1))))).isInstanceOf(StoreException.class)
                .hasMessage("app ID 1 is already held by app 'web'");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().withApps(Map.of("api", 2))))
                .hasMessage("app ID 2 is already held by destination 'd1'");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().puttingDestinations(List.of(
                destination("d3", "db", 3))))).hasMessage("destination name 'db' is already used by destination 'd1'");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().puttingGroups(List.of(
                new StoredGroup("h", "dev", List.of()))))).hasMessage("group name 'dev' is already used by group 'g'");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().withEgressAddresses(List.of(
                new StoredEgressAddress("api", "203.0.113.1")), Set.of())))
                .hasMessage("egress address 203.0.113.1 is already held by app 'web'");

        StoredState state = store().load();
        assertThat(state.appIds()).isEqualTo(Map.of("web", 1));
        assertThat(state.destinations()).containsExactly(destination("d1", "db", 2));
        assertThat(state.egressAddresses()).isEqualTo(Map.of("web", "203.0.113.1"));
        store().commit(StoreWrite.none().withEgressAddresses(List.of(new StoredEgressAddress("api", "203.0.113.1")),
                Set.of("web")));
        assertThat(store().load().egressAddresses()).isEqualTo(Map.of("api", "203.0.113.1"));
    }

    @Test
    void aNameOrAddressIsFreeOnceItsHolderIsRenamedMovedOrRemoved() {
        store().commit(StoreWrite.none().puttingDestinations(List.of(destination("d1", "db", 2)))
                .withEgressAddresses(List.of(new StoredEgressAddress("web", "203.0.113.1")), Set.of()));

        store().commit(StoreWrite.none().puttingDestinations(List.of(destination("d1", "db2", 2)))
                .withEgressAddresses(List.of(new StoredEgressAddress("web", "203.0.113.2")), Set.of()));
        store().commit(StoreWrite.none().puttingDestinations(List.of(destination("d3", "db", 3)))
                .withEgressAddresses(List.of(new StoredEgressAddress("api", "203.0.113.1")), Set.of()));
        assertThatThrownBy(() -> store().commit(StoreWrite.none().puttingDestinations(List.of(
                destination("d4", "db2", 4))))).hasMessage("destination name 'db2' is already used by destination 'd1'");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().withEgressAddresses(List.of(
                new StoredEgressAddress("cli", "203.0.113.2")), Set.of())))
                .hasMessage("egress address 203.0.113.2 is already held by app 'web'");
        store().commit(StoreWrite.none().removingDestinations(Set.of("d1"))
                .withEgressAddresses(List.of(), Set.of("web")));
        store().commit(StoreWrite.none().puttingDestinations(List.of(destination("d4", "db2", 4)))
                .withEgressAddresses(List.of(new StoredEgressAddress("cli", "203.0.113.2")), Set.of()));
        store().commit(StoreWrite.none().puttingDestinations(List.of(destination("d3", "db2x", 3),
                destination("d4", "db", 4))));

        assertThat(store().load().destinations()).containsExactlyInAnyOrder(destination("d3", "db2x", 3),
                destination("d4", "db", 4));
        assertThat(store().load().egressAddresses()).isEqualTo(Map.of("api", "203.0.113.1", "cli", "203.0.113.2"));
    }

    @Test
    void aNameLongerThanTheStoreKeepsIsRefusedWithTheRestOfItsWrite() {
        String tooLong = "x".repeat(129);

        assertThatThrownBy(() -> store().commit(StoreWrite.none().withApps(Map.of("web", 1))
                .addingPolicies(List.of(policy(1, "web", tooLong)))))
                .isInstanceOf(StoreException.class)
                .hasMessage("destination app GUID 'xxxxxxxxxxxxxxxxxxxx...' is longer than the 128 characters the"
                        + " store keeps");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().withLease(tooLong, "10.255.0.0/24")))
                .isInstanceOf(StoreException.class).hasMessageStartingWith("host id 'xxxx");
        store().commit(StoreWrite.none().withApps(Map.of("x".repeat(128), 1)));

        assertThat(store().load().appIds()).isEqualTo(Map.of("x".repeat(128), 1));
        assertThat(store().load().policies()).isEmpty();
        assertThat(store().load().leases()).isEmpty();
    }
}
