package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.compiler.pipeline.DropReason;
import io.appnet.compiler.pipeline.OvsHostPipeline;
import io.appnet.compiler.trace.NetworkTracer.Walk;
import io.appnet.compiler.trace.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an operator would check on the golden scenario, through the interpreter walking the compiled tables. */
class ScenarioBehaviourTest {

    private static final MacAddress GATEWAY = OvsHostPipeline.DEFAULT_GATEWAY_MAC;
    private final TestLab lab = new TestLab(GoldenScenario.network());

    private static DropReason dropOf(Walk walk) {
        assertThat(walk.delivered()).as("expected a drop:\n%s", walk.render()).isFalse();
        return walk.last().drop().orElseThrow(() -> new AssertionError("drop without reason:\n" + walk.render()));
    }

    @Test
    void frontendReachesRemoteBackendOverTheTunnelCarryingItsAppId() {
        Walk walk = lab.tcp("frontend-0", "backend-1", 40000, 8080);

        assertThat(lab.deliveredTo(walk, "backend-1")).as(walk.render()).isTrue();
        assertThat(walk.hops()).extracting(hop -> hop.host().name()).containsExactly("host-a", "host-b");
        Packet tunnelled = walk.hops().get(1).packet();
        assertThat(tunnelled.get(MatchField.TUN_ID)).isEqualTo(1);
        assertThat(tunnelled.get(MatchField.TUN_SRC)).isEqualTo(Ipv4Address.parse("192.168.50.1").unsigned());
        assertThat(walk.deliveries().get(0).packet().get(MatchField.ETH_SRC)).isEqualTo(GATEWAY.bits());
    }

    @Test
    void frontendReachesLocalBackendWithoutTheTunnel() {
        Walk walk = lab.tcp("frontend-0", "backend-0", 40000, 8080);

        assertThat(lab.deliveredTo(walk, "backend-0")).as(walk.render()).isTrue();
        assertThat(walk.hops()).hasSize(1);
    }

    @Test
    void repliesReturnButTheReverseDirectionDoesNotOpen() {
        assertThat(lab.deliveredTo(lab.tcp("frontend-0", "backend-1", 40000, 8080), "frontend-0")).isFalse();
        Walk reply = lab.tcp("backend-1", "frontend-0", 8080, 40000);
        assertThat(lab.deliveredTo(reply, "frontend-0")).as(reply.render()).isTrue();

        Walk reverse = lab.tcp("backend-1", "frontend-0", 40001, 8080);
        assertThat(dropOf(reverse)).isEqualTo(DropReason.NO_POLICY);
        assertThat(reverse.hops().get(reverse.hops().size() - 1).host()).isEqualTo(HostId.of("host-a"));
    }

    @Test
    void portRangeBoundsAreExact() {
        assertThat(lab.deliveredTo(lab.tcp("frontend-0", "backend-1", 40000, 9000), "backend-1")).isTrue();
        assertThat(lab.deliveredTo(lab.tcp("frontend-0", "backend-1", 40001, 9010), "backend-1")).isTrue();
        assertThat(dropOf(lab.tcp("frontend-0", "backend-1", 40002, 9011))).isEqualTo(DropReason.NO_POLICY);
        assertThat(dropOf(lab.tcp("frontend-0", "backend-1", 40003, 8999))).isEqualTo(DropReason.NO_POLICY);
        assertThat(dropOf(lab.udp("frontend-0", "backend-1", 40004, 8080))).isEqualTo(DropReason.NO_POLICY);
    }

    @Test
    void groupPolicyOpensEveryObservedAppToMetricsOnItsPortOnly() {
        for (String target : new String[] {"database-0", "frontend-0", "backend-0", "backend-1"}) {
            Walk walk = lab.tcp("metrics-0", target, 41000, 9100);
            assertThat(lab.deliveredTo(walk, target)).as(walk.render()).isTrue();
            assertThat(walk.last().matchedFlows()).anyMatch(flow -> flow.match().toString().equals("conj_id=10"));
            assertThat(dropOf(lab.tcp("metrics-0", target, 41001, 9101))).isEqualTo(DropReason.NO_POLICY);
        }
        assertThat(dropOf(lab.tcp("database-0", "metrics-0", 41002, 9100))).isEqualTo(DropReason.NO_POLICY);
    }

    @Test
    void icmpPolicyLetsPingsAndTheirRepliesThrough() {
        assertThat(lab.deliveredTo(lab.ping("backend-0", "backend-1", true), "backend-1")).isTrue();
        assertThat(lab.deliveredTo(lab.ping("backend-1", "backend-0", false), "backend-0")).isTrue();
        assertThat(dropOf(lab.ping("frontend-0", "backend-1", true))).isEqualTo(DropReason.NO_POLICY);
    }

    @Test
    void spoofedSourcesAreDropped() {
        Instance frontend = lab.instance("frontend-0");
        Packet wrongIp = Packet.tcp(frontend.mac(), GATEWAY, Ipv4Address.parse("10.255.1.3"),
                lab.instance("backend-1").ip(), 40000, 8080);
        Packet wrongMac = Packet.tcp(MacAddress.parse("02:00:00:00:00:99"), GATEWAY, frontend.ip(),
                lab.instance("backend-1").ip(), 40000, 8080);

        assertThat(dropOf(lab.send("frontend-0", wrongIp))).isEqualTo(DropReason.SPOOFED_SOURCE);
        assertThat(dropOf(lab.send("frontend-0", wrongMac))).isEqualTo(DropReason.SPOOFED_SOURCE);
    }

    @Test
    void theGatewayAndSubnetNeighboursResolveToTheVirtualMacAndNothingElseAnswers() {
        Instance frontend = lab.instance("frontend-0");
        Walk walk = lab.send("frontend-0", Packet.arpRequest(frontend.mac(), frontend.ip(),
                Ipv4Address.parse("10.255.1.1")));

        assertThat(walk.deliveries()).hasSize(1);
        Packet reply = walk.deliveries().get(0).packet();
        assertThat(walk.deliveries().get(0).port()).isEqualTo(frontend.port());
        assertThat(reply.get(MatchField.ARP_OP)).isEqualTo(2);
        assertThat(reply.get(MatchField.ARP_SHA)).isEqualTo(GATEWAY.bits());
        assertThat(reply.get(MatchField.ETH_SRC)).isEqualTo(GATEWAY.bits());
        assertThat(reply.get(MatchField.ETH_DST)).isEqualTo(frontend.mac().bits());
        assertThat(reply.get(MatchField.ARP_SPA)).isEqualTo(Ipv4Address.parse("10.255.1.1").unsigned());
        assertThat(reply.get(MatchField.ARP_TPA)).isEqualTo(frontend.ip().unsigned());
        assertThat(reply.get(MatchField.ARP_THA)).isEqualTo(frontend.mac().bits());

        assertThat(dropOf(lab.send("frontend-0", Packet.arpRequest(frontend.mac(), frontend.ip(),
                Ipv4Address.parse("10.255.2.2"))))).isEqualTo(DropReason.UNANSWERED_ARP);
        Packet spoofedRequest = Packet.arpRequest(frontend.mac(), Ipv4Address.parse("10.255.1.3"),
                Ipv4Address.parse("10.255.1.1"));
        assertThat(dropOf(lab.send("frontend-0", spoofedRequest))).isEqualTo(DropReason.BROADCAST);
        assertThat(dropOf(lab.send("frontend-0", spoofedRequest.with(MatchField.ETH_DST, GATEWAY.bits()))))
                .isEqualTo(DropReason.SPOOFED_SOURCE);
    }

    @Test
    void otherBroadcastIsDroppedAsSuch() {
        Instance frontend = lab.instance("frontend-0");
        Packet broadcast = Packet.udp(frontend.mac(), MacAddress.parse("ff:ff:ff:ff:ff:ff"), frontend.ip(),
                Ipv4Address.parse("255.255.255.255"), 68, 67);
        assertThat(dropOf(lab.send("frontend-0", broadcast))).isEqualTo(DropReason.BROADCAST);
    }

    @Test
    void aStrangerOnTheUnderlayCannotInjectAnAppId() {
        Instance backend = lab.instance("backend-1");
        Packet injected = Packet.tcp(MacAddress.parse("02:00:00:00:00:66"), GATEWAY, Ipv4Address.parse("10.255.1.2"),
                backend.ip(), 40000, 8080).fromTunnel(1, Ipv4Address.parse("192.168.50.99"),
                Ipv4Address.parse("192.168.50.2"), 1);
        assertThat(dropOf(lab.sendFrom(HostId.of("host-b"), injected))).isEqualTo(DropReason.UNKNOWN_TUNNEL_SOURCE);
    }

    @Test
    void unknownDestinationsAreDroppedWhereTheyAreKnownToBeUnknown() {
        Walk inRemoteSubnet = lab.tcp("frontend-0", Ipv4Address.parse("10.255.2.77"), 40000, 8080);
        assertThat(dropOf(inRemoteSubnet)).isEqualTo(DropReason.UNKNOWN_DESTINATION);
        assertThat(inRemoteSubnet.hops()).hasSize(2);

        Walk ownSubnet = lab.tcp("frontend-0", Ipv4Address.parse("10.255.1.77"), 40000, 8080);
        assertThat(dropOf(ownSubnet)).isEqualTo(DropReason.UNKNOWN_DESTINATION);
        assertThat(ownSubnet.hops()).hasSize(1);

        Walk external = lab.tcp("frontend-0", Ipv4Address.parse("10.99.0.1"), 40000, 8080);
        assertThat(dropOf(external)).as("outside the host subnets is external: no egress policy")
                .isEqualTo(DropReason.NO_POLICY);
        assertThat(external.hops()).hasSize(1);

        lab.apply(Change.configureEgress(EgressSettings.of("10.0.0.0/8", List.of(), "shared")));
        Walk inOverlay = lab.tcp("frontend-0", Ipv4Address.parse("10.99.0.1"), 40001, 8080);
        assertThat(dropOf(inOverlay)).as("inside the overlay is never external").isEqualTo(
                DropReason.UNKNOWN_DESTINATION);
    }

    @Test
    void removingThePolicyStopsItsEstablishedConnectionInBothDirections() {
        lab.tcp("frontend-0", "backend-1", 40000, 8080);
        lab.tcp("backend-1", "frontend-0", 8080, 40000);
        assertThat(lab.deliveredTo(lab.tcp("frontend-0", "backend-1", 40000, 8080), "backend-1")).isTrue();

        Update update = lab.apply(Change.removePolicy(1));

        assertThat(update.deltas().keySet()).containsExactlyInAnyOrder(HostId.of("host-a"), HostId.of("host-b"));
        assertThat(dropOf(lab.tcp("frontend-0", "backend-1", 40000, 8080))).isEqualTo(DropReason.POLICY_REVOKED);
        assertThat(dropOf(lab.tcp("backend-1", "frontend-0", 8080, 40000))).isEqualTo(DropReason.POLICY_REVOKED);
    }

    @Test
    void aConnectionSurvivesRemovalWhileAnotherPolicyStillAllowsIt() {
        lab.apply(Change.addPolicy(5, "frontend", "backend", Protocol.TCP, PortRange.of(8000, 8100)));
        lab.tcp("frontend-0", "backend-1", 40000, 8080);
        lab.tcp("backend-1", "frontend-0", 8080, 40000);

        lab.apply(Change.removePolicy(1));

        assertThat(lab.deliveredTo(lab.tcp("frontend-0", "backend-1", 40000, 8080), "backend-1")).isTrue();
        assertThat(lab.deliveredTo(lab.tcp("backend-1", "frontend-0", 8080, 40000), "frontend-0")).isTrue();
    }

    @Test
    void aTraceListsEveryMatchedFlowAndTheVerdict() {
        String trace = lab.tcp("frontend-0", "backend-1", 40000, 9011).render();

        assertThat(trace).contains("== host host-a", "== host host-b", " 0. classify, priority 300",
                "ct(zone=2): +new+trk ct_mark=0", "51. policy, priority 1",
                "verdict: drop: no-policy (new connection that no policy allows)");
    }
}
