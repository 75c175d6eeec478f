package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.OfflineModels;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoreWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the model has a gateway: both sessions lost removes it, either alive keeps it; what its switch is asked. */
class GatewayLivenessTest {
    private static final HostId G1 = HostId.of("g1");
    private static final HostId G2 = HostId.of("g2");
    private static final Gateway GATEWAY_1 = Gateway.of("g1", 7, "02:aa:00:00:00:01", "203.0.113.1",
            "02:e0:00:00:00:01", true);
    private static final Gateway GATEWAY_2 = Gateway.of("g2", 7, "02:aa:00:00:00:02", "203.0.113.1",
            "02:e0:00:00:00:01", true);

    private final List<String> switchCalls = new ArrayList<>();
    private final NetworkModel model = OfflineModels.empty(new InMemoryStore());
    private final GatewayLiveness liveness = new GatewayLiveness(model, new GatewaySwitches() {
        @Override
        public synchronized void flushNatZone(HostId gateway) {
            switchCalls.add("flush " + gateway);
        }

        @Override
        public synchronized void announce(Gateway gateway, List<Ipv4Address> addresses) {
            switchCalls.add("announce " + gateway.host() + " " + addresses.size());
        }
    });

    GatewayLivenessTest() {
        model.apply(List.of(Change.configureEgress(EgressSettings.of("10.255.0.0/16",
                        List.of("203.0.113.100-203.0.113.107"), "shared")),
                Change.putHost(new Host(G1, Ipv4Address.parse("192.168.50.13"), Ipv4Prefix.parse("10.255.3.0/24"), 1)),
                Change.putHost(new Host(G2, Ipv4Address.parse("192.168.50.14"), Ipv4Prefix.parse("10.255.4.0/24"), 1))),
                StoreWrite.none()).join();
        liveness.startAnnouncing();
    }

    @AfterEach
    void close() {
        liveness.close();
    }

    private List<HostId> gateways() {
        return model.network().egress().gateways().keys();
    }

    @Test
    void beforeTheSettleGateOpensNothingIsAnnouncedThenEveryGatewayAnnouncesItsWholeShare() {
        // Its own list: the other instance's first announcement runs on its own thread and may come late.
        List<String> switchCalls = java.util.Collections.synchronizedList(new ArrayList<>());
        GatewayLiveness restarted = new GatewayLiveness(model, new GatewaySwitches() {
            @Override
            public void flushNatZone(HostId gateway) {
            }

            @Override
            public void announce(Gateway gateway, List<Ipv4Address> addresses) {
                switchCalls.add("announce " + gateway.host() + " " + addresses.size());
            }
        });
        try {
            restarted.reported(G1, 0x1, Optional.of(GATEWAY_1));
            assertThat(gateways()).containsExactly(G1);
            assertThat(switchCalls).as("g2 may still be reporting: g1 must not claim its addresses").isEmpty();

            restarted.reported(G2, 0x2, Optional.of(GATEWAY_2));
            restarted.startAnnouncing();
            restarted.reported(G2, 0x2, Optional.of(GATEWAY_2)); // waits for the announcements

            assertThat(switchCalls).hasSize(2).allMatch(call -> call.startsWith("announce g"));
        } finally {
            restarted.close();
        }
    }

    @Test
    void aReportedGatewayJoinsAndAnnouncesItsShareOfThePool() {
        liveness.reported(G1, 0x1, Optional.of(GATEWAY_1));

        assertThat(gateways()).containsExactly(G1);
        assertThat(switchCalls).containsExactly("announce g1 8");
    }

    @Test
    void aGatewayIsLostOnlyWhenItsOvsdbSessionAndItsOpenflowConnectionAreBothGone() {
        liveness.reported(G1, 0x1, Optional.of(GATEWAY_1));
        liveness.reported(G2, 0x2, Optional.of(GATEWAY_2));
        liveness.switchUp(0x2);

        liveness.sessionDown(G2);
        assertThat(gateways()).as("OpenFlow still up").containsExactlyInAnyOrder(G1, G2);

        int callsBefore = switchCalls.size();
        liveness.switchDown(0x2, "closed");
        liveness.reported(G1, 0x1, Optional.of(GATEWAY_1)); // waits for the queued removal
        assertThat(gateways()).as("both gone").containsExactly(G1);
        assertThat(switchCalls.subList(callsBefore, switchCalls.size())).as("g1 takes over g2's addresses")
                .singleElement().asString().startsWith("announce g1 ");
    }

    @Test
    void aLostGatewayThatComesBackHasItsNatZoneFlushedOnceItsSwitchIsConnected() {
        liveness.reported(G2, 0x2, Optional.of(GATEWAY_2));
        liveness.sessionDown(G2);
        assertThat(gateways()).isEmpty();

        switchCalls.clear();
        liveness.reported(G2, 0x2, Optional.of(GATEWAY_2));
        assertThat(gateways()).containsExactly(G2);
        assertThat(switchCalls).as("OVSDB back, OpenFlow not yet").containsExactly("announce g2 8");

        liveness.switchUp(0x2);
        assertThat(switchCalls).containsExactly("announce g2 8", "flush g2");
    }

    @Test
    void aGatewayBackOverOpenflowFirstIsFlushedAtOnce() {
        liveness.reported(G2, 0x2, Optional.of(GATEWAY_2));
        liveness.sessionDown(G2);

        switchCalls.clear();
        liveness.switchUp(0x2);
        liveness.reported(G1, 0x1, Optional.of(GATEWAY_1)); // waits for g2's queued return

        assertThat(gateways()).containsExactlyInAnyOrder(G1, G2);
        assertThat(switchCalls).startsWith("flush g2", "announce g2 8");
    }

    @Test
    void aGatewayTheModelRefusesIsReportedAndAHostThatStopsAskingIsRemoved() {
        model.apply(List.of(Change.addInstance("g1/c-web", "web", "g1", 5, "10.255.3.10", "02:00:00:00:00:10")),
                StoreWrite.none()).join();

        liveness.reported(G1, 0x1, Optional.of(GATEWAY_1));
        assertThat(liveness.problem(G1)).startsWith("gateway refused: ");
        assertThat(gateways()).isEmpty();
        liveness.reported(G1, 0x1, Optional.empty());
        assertThat(liveness.problem(G1)).as("a plain host again (found from outside: the refusal stayed)").isEmpty();

        liveness.reported(G2, 0x2, Optional.of(GATEWAY_2));
        liveness.reported(G2, 0x2, Optional.empty());
        assertThat(gateways()).isEmpty();
    }
}
