package io.appnet.controller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.programmer.NoSwitches;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoreException;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredPolicy;
import io.appnet.controller.store.StoredState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Without connected switches: the desired tables follow the model, a change the model or the store refuses
 * alters nothing and reaches no switch.
 */
class NetworkModelTest {
    private final NetworkProgrammer programmer = new NetworkProgrammer(new NoSwitches(), Duration.ZERO, false);

    @AfterEach
    void close() {
        programmer.close();
    }

    /** A store whose every commit fails, as a full disk would. */
    private static final class RefusingStore implements ControllerStore {
        @Override
        public StoredState load() {
            return StoredState.empty();
        }

        @Override
        public void commit(StoreWrite write) {
            throw new StoreException("disk full");
        }

        @Override
        public void commitAll(List<StoreWrite> writes) {
            throw new StoreException("disk full");
        }

        @Override
        public void close() {
        }
    }

    private NetworkModel model(ControllerStore store) {
        return new NetworkModel(FlowCompiler.ovsHosts(), network(), SubnetPool.defaults(), store, programmer);
    }

    static Network network() {
        Network network = Network.empty().apply(Change.registerApp("web")).apply(Change.registerApp("db"));
        for (int h = 1; h <= 2; h++) {
            network = network.apply(Change.putHost(Host.of("h" + h, "192.168.0." + h, "10.255." + h + ".0/24", 1)));
        }
        return network.apply(Change.addInstance("web-1", "web", "h1", 2, "10.255.1.2", "02:00:0a:ff:01:02"))
                .apply(Change.addInstance("db-1", "db", "h2", 2, "10.255.2.2", "02:00:0a:ff:02:02"));
    }

    @Test
    void desiredTablesFollowChangesForOfflineSwitches() {
        NetworkModel model = model(new InMemoryStore());
        assertThat(model.bind(HostId.of("h1"), 1).join()).isNull();
        assertThat(model.bind(HostId.of("h2"), 2).join()).isNull();

        model.apply(List.of(Change.addPolicy(1, "web", "db", Protocol.TCP, PortRange.single(5432))), StoreWrite.none())
                .join();

        for (String host : new String[] {"h1", "h2"}) {
            assertThat(programmer.sync(HostId.of(host)).orElseThrow().programmer().desired())
                    .isEqualTo(model.compiled().tablesOf(HostId.of(host)).sortedFlows());
        }
        assertThat(programmer.sync(HostId.of("h2")).orElseThrow().programmer().desired())
                .anyMatch(flow -> flow.toString().contains("tcp,reg5=0x1,reg6=0x2,reg7=0x1538"));
    }

    @Test
    void aRefusedChangeChangesNothing() {
        NetworkModel model = model(new InMemoryStore());
        model.bind(HostId.of("h1"), 1).join();
        var before = model.compiled();

        assertThatThrownBy(() -> model.apply(List.of(new Change.RemovePolicy(PolicyId.of(99))), StoreWrite.none()))
                .isInstanceOf(ModelException.class);
        assertThat(model.compiled()).isSameAs(before);
    }

    @Test
    void aChangeTheStoreRefusesReachesNeitherTheModelNorTheSwitches() {
        NetworkModel model = new NetworkModel(FlowCompiler.ovsHosts(), network(), SubnetPool.defaults(),
                new RefusingStore(), programmer);
        model.bind(HostId.of("h2"), 2).join();
        var before = model.compiled();
        var desired = programmer.sync(HostId.of("h2")).orElseThrow().programmer().desired();

        StoreWrite row = StoreWrite.none().addingPolicies(List.of(new StoredPolicy(1, "web", "db", "tcp", 5432, 5432)));
        assertThatThrownBy(() -> model.apply(List.of(Change.addPolicy(1, "web", "db", Protocol.TCP,
                PortRange.single(5432))), row)).isInstanceOf(StoreException.class);
        assertThat(model.compiled()).isSameAs(before);
        assertThat(programmer.sync(HostId.of("h2")).orElseThrow().programmer().desired()).isEqualTo(desired);
    }

    @Test
    void aNewLeaseIsCommittedAndAKnownOneIsKept() {
        InMemoryStore store = new InMemoryStore();
        NetworkModel model = model(store);

        SubnetPool.Leased first = model.lease("h9");
        SubnetPool.Leased again = model.lease("h9");

        assertThat(first.isNew()).isTrue();
        assertThat(again.isNew()).isFalse();
        assertThat(again.subnet()).isEqualTo(first.subnet());
        StoredState stored = store.load();
        assertThat(stored.leases()).containsEntry("h9", first.subnet().toString());
        assertThat(model.leases()).containsEntry("h9", first.subnet());
    }

    @Test
    void listenersAreToldOfEachChangeTheModelTookAndOfNoRefusedOne() {
        NetworkModel model = model(new InMemoryStore());
        List<Network> told = new java.util.ArrayList<>();
        model.addListener(() -> told.add(model.network()));

        model.apply(List.of(Change.addPolicy(1, "web", "db", Protocol.TCP, PortRange.single(5432))), StoreWrite.none());
        assertThatThrownBy(() -> model.apply(List.of(new Change.RemovePolicy(PolicyId.of(99))), StoreWrite.none()))
                .isInstanceOf(ModelException.class);
        model.release("h1", List.of(Change.removeInstance("web-1"), Change.removeHost(HostId.of("h1"))));

        assertThat(told).hasSize(2);
        assertThat(told.get(0).policies().policiesFrom(told.get(0).appId("web").orElseThrow())).hasSize(1);
        assertThat(told.get(1)).isSameAs(model.network());
    }
}
