package io.appnet.controller.e2e;

import static io.appnet.controller.e2e.EgressLab.exchanges;
import static io.appnet.controller.e2e.EgressLab.lastPeer;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.echoes;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.ovs.harness.BackgroundProcess;
import io.appnet.ovs.harness.Capture;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabExternal;
import io.appnet.ovs.harness.LabHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Egress gateways on real OVS (issue 9): two hosts, two NAT gateways and an external namespace behind the
 * gateways' uplinks (TCP server on 5432, UDP echo on 5353, answers ping) whose nftables firewall accepts only
 * the NAT pool. One lab for every case, in order: the later ones restart the controller, kill a gateway and
 * break the survivor's uplink field.
 *
 * <pre>
 *   h1: a1 (app-a)  b1 (app-b)        g1, g2: gateways, uplink up0 -> external bridge 203.0.113.1/24
 *   h2: c1 (app-c, tcp echo 8080)     external: 198.51.100.10 (db tcp/5432, echo udp/5353, ping)
 *   egress policies: app-a -> db, app-c -> echo, app-c -> ping; nat.pool 203.0.113.100-203.0.113.107
 * </pre>
 */
@Tag("ovs")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EgressGatewayOvsTest {
    static final Duration ALLOWED = Duration.ofSeconds(3);
    static final Duration DENIED = Duration.ofMillis(700);
    static final String POOL = EgressLab.POOL;
    static final IpRange POOL_RANGE = IpRange.parse(POOL);
    static final String DB = EgressLab.DB;
    static final Pattern CONNECTED_PORT = Pattern.compile("connected (\\d+)");

    private static EgressLab egressLab;
    private static ControllerLab lab;
    private static LabExternal external;
    private static EgressCalls egress;
    private static LabContainer a1;
    private static LabContainer b1;
    private static LabContainer c1;
    private static BackgroundProcess c1Echo;
    private static BackgroundProcess dbServer;
    private static BackgroundProcess udpServer;

    @BeforeAll
    static void deploy() throws Exception {
        egressLab = EgressLab.start("eg1");
        lab = egressLab.lab;
        external = egressLab.external;
        egress = egressLab.egress;
        a1 = egressLab.a1;
        b1 = egressLab.b1;
        c1 = egressLab.c1;
        c1Echo = egressLab.c1Echo;
        dbServer = egressLab.dbServer;
        udpServer = egressLab.udpServer;
    }

    @AfterAll
    static void tearDown() {
        if (egressLab != null) {
            egressLab.close();
        }
    }

    @Test
    @Order(1)
    void appAReachesTheDatabaseFromAPoolAddressAndAppBIsDroppedOnItsOwnHost() {
        assertThat(exchanges(a1, DB, 5432, ALLOWED)).as("a1 -> db tcp/5432").isTrue();
        assertThat(lastPeer(dbServer)).as("the address the database sees").hasValueSatisfying(this::isInPool);

        Optional<String> lastBefore = lastPeer(dbServer);
        long refusedBefore = external.firewallDrops();
        int appB = lab.controller().model().network().appId("app-b").orElseThrow().value();
        try (Capture h1Underlay = lab.host("h1").captureUnderlay("udp port 4789")) {
            assertThat(exchanges(b1, DB, 5432, DENIED)).as("b1 -> db: app-b has no egress policy").isFalse();
            assertThat(b1.ping(DB, DENIED)).as("b1 ping db").isFalse();
            h1Underlay.stop();
            assertThat(h1Underlay.vxlanVnis()).as("VXLAN packets from h1 with app-b's ID").doesNotContain((long) appB);
        }
        assertThat(lastPeer(dbServer)).as("no new connection at the database").isEqualTo(lastBefore);
        assertThat(external.firewallDrops()).as("nothing even reached the database's firewall").isEqualTo(refusedBefore);
    }

    @Test
    @Order(2)
    void udpAndIcmpDestinationsWorkWithTheirOwnRules() {
        assertThat(c1.udpExchange(DB, 5353, "hello-c1", ALLOWED)).as("c1 -> echo udp/5353").contains("hello-c1");
        assertThat(lastPeer(udpServer)).as("the address the UDP server sees").hasValueSatisfying(this::isInPool);
        assertThat(c1.ping(DB, ALLOWED)).as("c1 ping db (icmp echo)").isTrue();

        assertThat(a1.udpExchange(DB, 5353, "x", DENIED)).as("a1 -> udp/5353: a's destination is tcp only").isEmpty();
        assertThat(a1.ping(DB, DENIED)).as("a1 ping: no icmp rule for app-a").isFalse();
        assertThat(c1.tcpConnect(DB, 5432, DENIED)).as("c1 -> tcp/5432: no rule for app-c").isFalse();
        assertThat(c1.udpExchange(DB, 5354, "x", DENIED)).as("c1 -> udp/5354: another port").isEmpty();
    }

    @Test
    @Order(3)
    void fromOutsideNothingReachesAnInstanceNorThroughAPoolAddress() {
        external.addRoute("10.255.0.0/16", POOL_RANGE.start().toString());
        List<Capture> tunnels = new ArrayList<>();
        for (String gateway : List.of("g1", "g2")) {
            tunnels.add(lab.host(gateway).captureUnderlay("udp port 4789"));
        }
        try {
            assertThat(external.tcpConnect(c1.ip(), 8080, DENIED)).as("external -> c1 tcp/8080 via a gateway").isFalse();
            for (long i = 0; i < POOL_RANGE.size(); i++) {
                String address = POOL_RANGE.at(i).toString();
                assertThat(external.tcpConnect(address, 8080, Duration.ofMillis(300))).as("to %s:8080", address).isFalse();
                assertThat(external.udpExchange(address, 5353, "x", Duration.ofMillis(300))).as("to %s udp", address)
                        .isFalse();
            }
            tunnels.forEach(Capture::stop);
            for (Capture tunnel : tunnels) {
                assertThat(tunnel.vxlanVnis()).as("VXLAN packets a gateway sent towards the hosts").isEmpty();
            }
        } finally {
            tunnels.forEach(Capture::close);
        }
        assertThat(c1Echo.output()).as("connections c1's server accepted").doesNotContain("peer ");
    }

    @Test
    @Order(4)
    void revokingTheEgressPolicyCutsAnEstablishedConnectionWithinOneSecond() throws Exception {
        try (BackgroundProcess stream = a1.startTcpStream(DB, 5432, Duration.ofMillis(20))) {
            ControllerLab.await(Duration.ofSeconds(3), () -> echoes(stream).size() > 10, stream::output);
            double revoked = System.currentTimeMillis() / 1000.0;
            egress.revoke(901);
            Thread.sleep(2000);
            List<Double> echoes = echoes(stream);
            assertThat(echoes.get(echoes.size() - 1) - revoked).as("last echo after the revoke, s").isLessThan(1.0);
        }
        assertThat(a1.tcpConnect(DB, 5432, DENIED)).as("a1 -> db after the revoke").isFalse();
        egress.allow(901, "app-a", "d-db");
        assertThat(exchanges(a1, DB, 5432, ALLOWED)).as("a1 -> db allowed again").isTrue();
    }

    @Test
    @Order(5)
    void aControllerRestartUnderAnEgressStreamLosesNothingAndReconcilesNothing() throws Exception {
        try (BackgroundProcess stream = a1.startTcpStream(DB, 5432, Duration.ofMillis(20))) {
            ControllerLab.await(Duration.ofSeconds(3), () -> echoes(stream).size() > 10, stream::output);
            lab.stopController();
            Thread.sleep(500);
            lab.startController(); // destinations and egress policies come back from the store
            for (LabHost host : lab.lab().hosts()) {
                lab.awaitJoined(host);
            }
            int echoesAtRestart = echoes(stream).size();
            Thread.sleep(1000);
            assertThat(echoes(stream).size()).as("the stream goes on after the restart").isGreaterThan(echoesAtRestart);
            assertThat(stream.output()).doesNotContain("ended");
            // This socket's own counter: the namespace's also counts older, closed connections' FIN retries.
            Matcher port = CONNECTED_PORT.matcher(stream.output());
            assertThat(port.find()).isTrue();
            String socket = a1.exec("ss", "-tin", "sport = :" + port.group(1)).stdoutOrThrow();
            assertThat(socket).as("the stream's socket").contains(DB + ":5432").doesNotContain("retrans:");
        }
        for (LabHost host : lab.lab().hosts()) {
            assertThat(lab.lastReconcile(host.name()))
                    .as("the restarted controller's reconcile of %s", host.name()).startsWith("+0 -0 ~0 flows, 0 foreign");
        }
    }

    @Test
    @Order(6)
    void whenAGatewayDiesNewConnectionsGoThroughTheOtherWithinThreeSecondsAndItsOwnStay() throws Exception {
        List<BackgroundProcess> streams = new ArrayList<>();
        try {
            Map<String, List<BackgroundProcess>> byGateway = new HashMap<>();
            while (streams.size() < 16 && (byGateway.getOrDefault("g1", List.of()).isEmpty()
                    || byGateway.getOrDefault("g2", List.of()).isEmpty())) {
                streams.add(a1.startTcpStream(DB, 5432, Duration.ofMillis(50)));
                byGateway = streamsByGateway(streams);
            }
            assertThat(byGateway.keySet()).as("gateways carrying a1's %d streams", streams.size())
                    .containsExactlyInAnyOrder("g1", "g2");
            List<BackgroundProcess> survivors = byGateway.get("g1");
            LabHost victim = lab.host("g2");

            long killed = System.nanoTime();
            victim.killOvs();
            double fromKill = egressLab.firstOfConsecutiveSuccesses(8, Duration.ofSeconds(10), killed);
            assertThat(fromKill).as("seconds from the kill until every new connection succeeds").isLessThan(3.0);
            assertThat(lab.controller().model().network().egress().gateways().keys())
                    .containsExactly(HostId.of("g1"));

            List<Integer> before = survivors.stream().map(stream -> echoes(stream).size()).toList();
            Thread.sleep(1000);
            for (int i = 0; i < survivors.size(); i++) {
                assertThat(survivors.get(i).output()).as("a stream through g1").doesNotContain("ended");
                assertThat(echoes(survivors.get(i)).size()).as("echoes of a stream through g1").isGreaterThan(before.get(i));
            }
            System.out.printf("gateway failover: new connections all succeed %.2f s after the kill%n", fromKill);
        } finally {
            streams.forEach(BackgroundProcess::close);
        }
    }

    @Test
    @Order(7)
    void perAppModeShowsEachAppFromItsOwnPoolAddressAsTheMapSays() throws Exception {
        lab.stopController();
        lab.reconfigure(config -> config.withEgress(EgressSettings.of(null, List.of(POOL), "per-app"))
                .withSettleTimeout(Duration.ofSeconds(3)));
        lab.startController();
        egress.allow(904, "app-c", "d-db");
        for (String host : List.of("h1", "h2", "g1")) {
            lab.awaitJoined(lab.host(host));
        }
        Ipv4Address addressA = egress.address("app-a").orElseThrow();
        Ipv4Address addressC = egress.address("app-c").orElseThrow();
        assertThat(addressA).isNotEqualTo(addressC);

        assertThat(exchanges(a1, DB, 5432, ALLOWED)).as("a1 -> db").isTrue();
        assertThat(lastPeer(dbServer)).as("a1 seen from app-a's address").contains(addressA.toString());
        assertThat(exchanges(c1, DB, 5432, ALLOWED)).as("c1 -> db").isTrue();
        assertThat(lastPeer(dbServer)).as("c1 seen from app-c's address").contains(addressC.toString());
    }

    @Test
    @Order(8)
    void aGatewayWhoseUplinkIsWrongIsRefusedNamingTheFieldUntilItIsFixed() {
        LabHost g1 = lab.host("g1");
        g1.vsctl("set", "open_vswitch", ".", "external_ids:appnet-uplink=up9");
        ControllerLab.await(Duration.ofSeconds(5), () -> lab.controller().model().network().egress().gateways().isEmpty(),
                () -> "g1 no longer a gateway: " + lab.controller().topology().host("g1"));
        assertThat(lab.controller().topology().host("g1").orElseThrow().problem())
                .isEqualTo("gateway refused: appnet-uplink 'up9' is not an interface on br-int");
        assertThat(exchanges(a1, DB, 5432, DENIED)).as("a1 -> db without a gateway").isFalse();

        g1.vsctl("set", "open_vswitch", ".", "external_ids:appnet-uplink=up0");
        ControllerLab.await(Duration.ofSeconds(5), () -> lab.controller().model().network().egress().gateways().size() == 1,
                () -> "g1 a gateway again: " + lab.controller().topology().host("g1"));
        assertThat(lab.controller().topology().host("g1").orElseThrow().problem()).isEmpty();
        assertThat(exchanges(a1, DB, 5432, ALLOWED)).as("a1 -> db through g1 again").isTrue();
    }

    /** Each open stream by the gateway whose NAT zone holds its connection (by a1's source port). */
    private static Map<String, List<BackgroundProcess>> streamsByGateway(List<BackgroundProcess> streams) {
        Map<String, List<BackgroundProcess>> byGateway = new HashMap<>();
        for (String gateway : List.of("g1", "g2")) {
            String table = lab.host(gateway).appctl("dpctl/dump-conntrack", "zone=65280");
            for (BackgroundProcess stream : streams) {
                Matcher port = CONNECTED_PORT.matcher(stream.output());
                if (port.find() && table.contains("src=" + a1.ip() + ",") && table.contains("sport=" + port.group(1) + ",")) {
                    byGateway.computeIfAbsent(gateway, g -> new ArrayList<>()).add(stream);
                }
            }
        }
        return byGateway;
    }

    private void isInPool(String address) {
        assertThat(POOL_RANGE.contains(Ipv4Address.parse(address))).as("%s is in nat.pool %s", address, POOL).isTrue();
    }
}
