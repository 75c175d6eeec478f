package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.Cookie;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.pipeline.DropReason;
import io.appnet.compiler.pipeline.OvsHostPipeline;
import io.appnet.compiler.trace.NetworkTracer.Delivery;
import io.appnet.compiler.trace.NetworkTracer.Walk;
import io.appnet.compiler.trace.Packet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The egress scenario through the interpreter: source host, gateway, the outside and back. */
class EgressBehaviourTest {

    static final Ipv4Address DB = Ipv4Address.parse("203.0.113.15");
    static final MacAddress OUTSIDE = MacAddress.parse(EgressScenario.NEXT_HOP_MAC);
    private static final int UPLINK = 9;

    private final TestLab lab = new TestLab(EgressScenario.network());

    private static DropReason dropOf(Walk walk) {
        assertThat(walk.delivered()).as("expected a drop:\n%s", walk.render()).isFalse();
        return walk.last().drop().orElseThrow(() -> new AssertionError("drop without reason:\n" + walk.render()));
    }

    private static Delivery only(Walk walk) {
        assertThat(walk.deliveries()).as(walk.render()).hasSize(1);
        return walk.deliveries().get(0);
    }

    /** A packet from the outside arriving on a gateway's uplink. */
    private Walk fromOutside(HostId gateway, Packet packet) {
        return lab.sendFrom(gateway, packet.onPort(UPLINK));
    }

    /** The reply of the outside to what left a gateway's uplink. */
    private Walk reply(Delivery out) {
        Packet sent = out.packet();
        Ipv4Address from = Ipv4Address.of((int) sent.get(MatchField.IPV4_DST));
        Ipv4Address to = Ipv4Address.of((int) sent.get(MatchField.IPV4_SRC));
        MacAddress gateway = new MacAddress(sent.get(MatchField.ETH_SRC));
        Packet answer = switch ((int) sent.get(MatchField.IP_PROTO)) {
            case 6 -> Packet.tcp(OUTSIDE, gateway, from, to, (int) sent.get(MatchField.TCP_DST),
                    (int) sent.get(MatchField.TCP_SRC));
            case 17 -> Packet.udp(OUTSIDE, gateway, from, to, (int) sent.get(MatchField.UDP_DST),
                    (int) sent.get(MatchField.UDP_SRC));
            default -> Packet.icmpEcho(OUTSIDE, gateway, from, to, false);
        };
        return fromOutside(out.host(), answer);
    }

    @Test
    void appAReachesTheDatabaseFromAPoolAddressThroughAGatewayCarryingItsAppId() {
        Walk walk = lab.tcp("a-0", DB, 40000, 5432);

        Delivery out = only(walk);
        assertThat(walk.hops()).extracting(hop -> hop.host().name()).containsExactly("host-a", out.host().name());
        assertThat(walk.hops().get(1).packet().get(MatchField.TUN_ID)).isEqualTo(appId("a"));
        assertThat(out.port()).isEqualTo(UPLINK);
        Packet sent = out.packet();
        assertThat(sent.get(MatchField.IPV4_DST)).isEqualTo(DB.unsigned());
        Ipv4Address source = Ipv4Address.of((int) sent.get(MatchField.IPV4_SRC));
        assertThat(lab.network().egress().share(out.host())).anyMatch(range -> range.contains(source));
        assertThat(sent.get(MatchField.TCP_SRC)).isBetween(1024L, 65535L);
        assertThat(sent.get(MatchField.ETH_DST)).isEqualTo(OUTSIDE.bits());
        assertThat(walk.hops().get(0).result().matchedFlows())
                .anyMatch(flow -> flow.cookie().equals(Cookie.of(Cookie.Kind.EGRESS_POLICY, 1)));
    }

    @Test
    void theReplyIsUnNatedAndTunnelledBackWithTheDestinationsPseudoAppId() {
        Delivery out = only(lab.tcp("a-0", DB, 40000, 5432));

        Walk back = reply(out);

        assertThat(lab.deliveredTo(back, "a-0")).as(back.render()).isTrue();
        Packet delivered = only(back).packet();
        assertThat(delivered.get(MatchField.IPV4_SRC)).isEqualTo(DB.unsigned());
        assertThat(delivered.get(MatchField.TCP_SRC)).isEqualTo(5432);
        assertThat(delivered.get(MatchField.TCP_DST)).isEqualTo(40000);
        assertThat(back.hops().get(1).packet().get(MatchField.TUN_ID))
                .isEqualTo(lab.network().egress().destination("db-id").orElseThrow().pseudoAppId().value());
        assertThat(lab.deliveredTo(lab.tcp("a-0", DB, 40000, 5432), "a-0")).isFalse();
        assertThat(only(lab.tcp("a-0", DB, 40000, 5432)).host()).as("the connection stays on its gateway")
                .isEqualTo(out.host());
    }

    @Test
    void appBHasNoPolicyAndIsDroppedOnItsSourceHost() {
        Walk walk = lab.tcp("b-0", DB, 40000, 5432);

        assertThat(dropOf(walk)).isEqualTo(DropReason.NO_POLICY);
        assertThat(walk.hops()).hasSize(1);
        assertThat(dropOf(lab.tcp("a-0", DB, 40001, 5433))).isEqualTo(DropReason.NO_POLICY);
        assertThat(dropOf(lab.tcp("a-0", Ipv4Address.parse("203.0.113.21"), 40002, 5432)))
                .isEqualTo(DropReason.NO_POLICY);
    }

    @Test
    void udpAndIcmpDestinationsWorkWithTheirOwnRules() {
        Instance a = lab.instance("a-1");
        Walk dns = lab.send("a-1", Packet.udp(a.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, a.ip(),
                Ipv4Address.parse("198.51.100.53"), 5353, 53));
        assertThat(lab.deliveredTo(reply(only(dns)), "a-1")).isTrue();

        Instance c = lab.instance("c-0");
        Packet ping = Packet.icmpEcho(c.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, c.ip(),
                Ipv4Address.parse("192.0.2.7"), true);
        Walk out = lab.send("c-0", ping);
        assertThat(lab.deliveredTo(reply(only(out)), "c-0")).isTrue();
        assertThat(dropOf(lab.send("a-1", Packet.icmpEcho(a.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, a.ip(),
                Ipv4Address.parse("192.0.2.7"), true)))).isEqualTo(DropReason.NO_POLICY);
    }

    @Test
    void unsolicitedPacketsFromOutsideReachNothing() {
        HostId gw1 = HostId.of("gw-1");
        Packet toPool = Packet.tcp(OUTSIDE, MacAddress.parse("02:00:00:00:01:09"), DB, Ipv4Address.parse("198.18.0.0"),
                5432, 40000);
        assertThat(dropOf(fromOutside(gw1, toPool))).isEqualTo(DropReason.UNSOLICITED);
        Packet toInstance = toPool.with(MatchField.IPV4_DST, lab.instance("a-0").ip().unsigned());
        assertThat(dropOf(fromOutside(gw1, toInstance))).isEqualTo(DropReason.UNSOLICITED);
        assertThat(dropOf(fromOutside(gw1, toPool.with(MatchField.ETH_TYPE, 0x86dd)))).isEqualTo(DropReason.UNSOLICITED);
    }

    @Test
    void eachGatewayAnswersArpOnItsUplinkForItsShareOfThePool() {
        var shares = lab.network().egress().shares();
        assertThat(shares.keySet()).containsExactlyInAnyOrder(HostId.of("gw-1"), HostId.of("gw-2"));
        long pool = shares.values().stream().flatMap(List::stream).mapToLong(IpRange::size).sum();
        assertThat(pool).as("the gateways share the whole pool").isEqualTo(5);
        for (HostId gateway : shares.keySet()) {
            MacAddress uplink = lab.network().egress().gateways().get(gateway).uplinkMac();
            for (IpRange range : shares.get(gateway)) {
                Walk answered = fromOutside(gateway, Packet.arpRequest(OUTSIDE, Ipv4Address.parse("203.0.113.1"),
                        range.end()));
                Packet reply = only(answered).packet();
                assertThat(only(answered).port()).isEqualTo(UPLINK);
                assertThat(reply.get(MatchField.ARP_SHA)).isEqualTo(uplink.bits());
                assertThat(reply.get(MatchField.ARP_SPA)).isEqualTo(range.end().unsigned());
                HostId other = gateway.equals(HostId.of("gw-1")) ? HostId.of("gw-2") : HostId.of("gw-1");
                assertThat(dropOf(fromOutside(other, Packet.arpRequest(OUTSIDE, Ipv4Address.parse("203.0.113.1"),
                        range.end())))).isEqualTo(DropReason.UNANSWERED_ARP);
            }
        }
    }

    @Test
    void removingTheEgressPolicyCutsItsEstablishedConnectionInBothDirections() {
        Delivery out = only(lab.tcp("a-0", DB, 40000, 5432));
        lab.deliveredTo(reply(out), "a-0");

        Update update = lab.apply(Change.removePolicy(1));

        assertThat(update.deltas().keySet()).containsExactlyInAnyOrder(HostId.of("host-a"), HostId.of("host-b"),
                HostId.of("gw-1"), HostId.of("gw-2"));
        assertThat(dropOf(lab.tcp("a-0", DB, 40000, 5432))).isEqualTo(DropReason.POLICY_REVOKED);
        assertThat(dropOf(reply(out))).isEqualTo(DropReason.POLICY_REVOKED);
    }

    @Test
    void connectionsSpreadOverTheGatewaysAndEachStaysOnOne() {
        Set<HostId> used = new HashSet<>();
        for (int port = 40000; port < 40016; port++) {
            HostId first = only(lab.tcp("a-0", DB, port, 5432)).host();
            assertThat(only(lab.tcp("a-0", DB, port, 5432)).host()).isEqualTo(first);
            used.add(first);
        }
        assertThat(used).containsExactlyInAnyOrder(HostId.of("gw-1"), HostId.of("gw-2"));
    }

    @Test
    void losingAGatewayMovesOnlyItsConnections() {
        lab.apply(Change.putHost(io.appnet.compiler.model.Host.of("gw-3", "192.168.50.13", "10.255.13.0/24", 1)));
        lab.apply(Change.putGateway(EgressScenario.gateway("gw-3", 3, true)));
        java.util.Map<Integer, HostId> before = new java.util.HashMap<>();
        for (int port = 40000; port < 40064; port++) {
            Delivery out = only(lab.tcp("a-0", DB, port, 5432));
            lab.deliveredTo(reply(out), "a-0");
            before.put(port, out.host());
        }
        assertThat(new HashSet<>(before.values())).hasSize(3);

        lab.apply(Change.removeGateway("gw-3"));

        before.forEach((port, gateway) -> {
            Walk walk = lab.tcp("a-0", DB, port, 5432);
            if (!gateway.equals(HostId.of("gw-3"))) {
                assertThat(only(walk).host()).as("port %d stays on %s", port, gateway).isEqualTo(gateway);
                assertThat(walk.last().steps()).noneMatch(step -> step.note() != null
                        && step.note().contains("committed"));
            } else {
                assertThat(only(walk).host()).isNotEqualTo(HostId.of("gw-3"));
            }
        });
    }

    @Test
    void withoutALiveGatewayAnAllowedPacketDropsAsNoGateway() {
        lab.apply(Change.removeGateway("gw-1"));
        assertThat(only(lab.tcp("a-0", DB, 40000, 5432)).host()).isEqualTo(HostId.of("gw-2"));

        lab.apply(Change.removeGateway("gw-2"));
        assertThat(dropOf(lab.tcp("a-0", DB, 40001, 5432))).isEqualTo(DropReason.NO_GATEWAY);
        assertThat(dropOf(lab.tcp("b-0", DB, 40001, 5432))).isEqualTo(DropReason.NO_POLICY);
    }

    @Test
    void aPinnedDestinationGoesOnlyThroughItsGatewayWhichMayFilterWithoutNat() {
        lab.apply(Change.putHost(io.appnet.compiler.model.Host.of("proxy", "192.168.50.13", "10.255.13.0/24", 1)));
        lab.apply(Change.putGateway(EgressScenario.gateway("proxy", 3, false)));
        lab.apply(Change.putDestination("svc-id", "svc", List.of(DestinationRule.tcp(
                List.of(IpRange.parse("172.31.0.10", "172.31.0.10")), List.of())), Set.of("proxy")));
        lab.apply(Change.addEgressPolicy(4, "b", "svc-id"));

        for (int port = 40000; port < 40008; port++) {
            Delivery out = only(lab.tcp("b-0", Ipv4Address.parse("172.31.0.10"), port, 8443));
            assertThat(out.host()).isEqualTo(HostId.of("proxy"));
            assertThat(out.packet().get(MatchField.IPV4_SRC)).as("no NAT: the instance's own address")
                    .isEqualTo(lab.instance("b-0").ip().unsigned());
            assertThat(lab.deliveredTo(reply(out), "b-0")).isTrue();
        }
        Set<HostId> unpinned = new HashSet<>();
        for (int port = 41000; port < 41008; port++) {
            unpinned.add(only(lab.tcp("a-0", DB, port, 5432)).host());
        }
        assertThat(unpinned).doesNotContain(HostId.of("proxy"));
    }

    @Test
    void perAppModeGivesEachAppItsOwnStableSourceAddress() {
        TestLab perApp = new TestLab(EgressScenario.perApp());
        var egress = perApp.network().egress();
        Ipv4Address a = egress.address(AppId.of((int) appId("a"))).orElseThrow();
        Ipv4Address c = egress.address(perApp.network().appId("c").orElseThrow()).orElseThrow();
        assertThat(a).isNotEqualTo(c);
        assertThat(egress.address(perApp.network().appId("b").orElseThrow())).isEmpty();

        for (int port = 40000; port < 40008; port++) {
            Delivery out = only(perApp.tcp("a-0", DB, port, 5432));
            assertThat(out.packet().get(MatchField.IPV4_SRC)).isEqualTo(a.unsigned());
            assertThat(Set.of(out.host())).containsExactly(egress.home(perApp.network().appId("a").orElseThrow())
                    .orElseThrow());
        }
        Instance instance = perApp.instance("c-0");
        Delivery ping = only(perApp.send("c-0", Packet.icmpEcho(instance.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC,
                instance.ip(), Ipv4Address.parse("192.0.2.7"), true)));
        assertThat(ping.packet().get(MatchField.IPV4_SRC)).isEqualTo(c.unsigned());

        perApp.apply(Change.addPolicy(9, "a", "c", io.appnet.compiler.model.Protocol.TCP,
                io.appnet.compiler.model.PortRange.single(80)));
        assertThat(perApp.network().egress().address(perApp.network().appId("a").orElseThrow())).contains(a);
    }

    private long appId(String guid) {
        return lab.network().appId(guid).orElseThrow().value();
    }
}
