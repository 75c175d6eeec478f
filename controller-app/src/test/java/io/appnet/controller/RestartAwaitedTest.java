package io.appnet.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.EgressSettings;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.store.StoredHost;
import io.appnet.controller.store.StoredState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which hosts every host's reconcile waits for after a restart: those the stored topology cannot stand in for.
 */
class RestartAwaitedTest {
    private static final StoredHost.Instance WEB = new StoredHost.Instance("veth-web1", "web", "10.255.0.10",
            "02:00:00:00:00:0a", 5);

    @Test
    void onlyHostsWithoutAUsableStoredTopologyAndFormerGatewaysAreAwaited() {
        Map<String, String> leases = Map.of("h1", "10.255.0.0/24", "h2", "10.255.1.0/24", "gw", "10.255.2.0/24",
                "new", "10.255.3.0/24", "moved", "10.255.4.0/24");
        List<StoredHost> hosts = List.of(
                new StoredHost("h1", "192.168.50.1", 2, 0x1L, false, List.of(WEB)),
                new StoredHost("h2", "192.168.50.2", 2, 0x2L, false, List.of()),
                new StoredHost("gw", "192.168.50.3", 2, 0x3L, true, List.of()),
                // an instance outside its host's lease: the row no longer fits and is not restored
                new StoredHost("moved", "192.168.50.4", 2, 0x4L, false, List.of(new StoredHost.Instance(
                        "veth-x", "web", "10.255.0.11", "02:00:00:00:00:0b", 6))));
        StoredState state = new StoredState(Map.of("web", 7), leases, List.of(), List.of(), List.of(), List.of(),
                List.of(), Map.of(), List.of(), hosts);

        var restored = NetworkModel.restore(state, EgressSettings.none());

        assertThat(restored.topology().instances().size()).as("h1's instance restored").isEqualTo(1);
        assertThat(Controller.awaited(leases.keySet(), state, restored)).isEqualTo(Set.of("gw", "new", "moved"));
    }
}
