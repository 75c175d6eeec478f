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

    static StoredService service(String name, int pseudoAppId, String... cidrs) {
        return new StoredService(name, List.of(cidrs), "tcp", 5432, 5432, pseudoAppId);
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
    void removingAnUnknownPolicyIsANoOp() {
        store().commit(StoreWrite.none().addingPolicies(List.of(policy(1, "web", "api"))));
        store().commit(StoreWrite.none().removingPolicies(Set.of(1L, 7L)));

        assertThat(store().load().policies()).isEmpty();
    }

    @Test
    void servicesAreReadBackByNameWithTheirCidrsInOrder() {
        store().commit(StoreWrite.none().addingServices(List.of(
                service("postgres", 900, "192.168.7.0/24", "10.9.0.0/16"), service("mysql", 901, "10.8.0.1/32"))));

        assertThat(store().load().services()).containsExactly(
                service("mysql", 901, "10.8.0.1/32"), service("postgres", 900, "192.168.7.0/24", "10.9.0.0/16"));
    }

    @Test
    void aServiceIsReplacedByRemovingAndAddingItInOneWrite() {
        store().commit(StoreWrite.none().addingServices(List.of(service("postgres", 900, "192.168.7.0/24"))));
        store().commit(StoreWrite.none().removingServices(Set.of("postgres"))
                .addingServices(List.of(service("postgres", 900, "192.168.8.0/24"))));
        store().commit(StoreWrite.none().removingServices(Set.of("unknown")));

        assertThat(store().load().services()).containsExactly(service("postgres", 900, "192.168.8.0/24"));
    }

    @Test
    void aPseudoAppIdHasOneOwnerAmongAppsAndServices() {
        store().commit(StoreWrite.none().withApps(Map.of("web", 1))
                .addingServices(List.of(service("pg", 2, "10.0.0.0/8"))));

        assertThatThrownBy(() -> store().commit(StoreWrite.none()
                .addingServices(List.of(service("mysql", 1, "10.1.0.0/16")))))
                .isInstanceOf(StoreException.class).hasMessage("app ID 1 is already held by app 'web'");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().withApps(Map.of("api", 2))))
                .isInstanceOf(StoreException.class).hasMessage("app ID 2 is already held by service 'pg'");
        assertThatThrownBy(() -> store().commit(StoreWrite.none().addingServices(List.of(
                service("a", 3, "10.1.0.0/16"), service("b", 3, "10.2.0.0/16")))))
                .isInstanceOf(StoreException.class).hasMessage("app ID 3 is already held by service 'a'");
        assertThatThrownBy(() -> store().commit(StoreWrite.none()
                .addingServices(List.of(service("pg", 4, "10.3.0.0/16")))))
                .isInstanceOf(StoreException.class).hasMessage("service 'pg' already exists");

        StoredState state = store().load();
        assertThat(state.appIds()).isEqualTo(Map.of("web", 1));
        assertThat(state.services()).containsExactly(service("pg", 2, "10.0.0.0/8"));
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
