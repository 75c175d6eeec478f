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
}
