package io.appnet.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.controller.policy.PolicySpec;
import io.appnet.ovs.harness.BackgroundProcess;
import io.appnet.ovs.harness.LabContainer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The controller in this JVM enforcing policy on three real OVS hosts: 4 apps with instances on different hosts
 * and on the same host, real TCP, UDP and ICMP between container namespaces.
 *
 * <pre>
 *   h1: web1 (web)   api1 (api)
 *   h2: web2 (web)   db1 (db)
 *   h3: api2 (api)   db2 (db)   cache1 (cache)
 *   policies: web -> api tcp/8080, api -> db tcp/5432, web -> cache udp/6379, api -> cache icmp
 * </pre>
 */
@Tag("ovs")
class PolicyEnforcementOvsTest {
    static final Duration ALLOWED = Duration.ofSeconds(3);
    static final Duration DENIED = Duration.ofMillis(700);

    private ControllerLab lab;
    private LabContainer web1;
    private LabContainer api1;
    private LabContainer web2;
    private LabContainer db1;
    private LabContainer api2;
    private LabContainer db2;
    private LabContainer cache1;

    @BeforeEach
    void deploy() throws Exception {
        lab = ControllerLab.start("e2e", 3, 3);
        web1 = lab.addContainer("h1", "web1", "web");
        api1 = lab.addContainer("h1", "api1", "api");
        web2 = lab.addContainer("h2", "web2", "web");
        db1 = lab.addContainer("h2", "db1", "db");
        api2 = lab.addContainer("h3", "api2", "api");
        db2 = lab.addContainer("h3", "db2", "db");
        cache1 = lab.addContainer("h3", "cache1", "cache");
        for (LabContainer server : List.of(web1, web2, api1, api2)) {
            server.startTcpEcho(8080);
        }
        api1.startTcpEcho(9090);
        db1.startTcpEcho(5432);
        db2.startTcpEcho(5432);
        cache1.startUdpEcho(6379);
        lab.awaitInstances(7);
        lab.controller().policies().create(List.of(
                tcp("web", "api", 8080), tcp("api", "db", 5432),
                PolicySpec.parse("web", "cache", "udp", 6379, 6379, true),
                PolicySpec.parse("api", "cache", "icmp", null, null, true))).join();
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    static PolicySpec tcp(String source, String destination, int port) {
        return PolicySpec.parse(source, destination, "tcp", port, port, false);
    }

    static boolean exchanges(LabContainer from, LabContainer to, int port, Duration timeout) {
        Optional<String> reply = from.tcpExchange(to.ip(), port, "hello-" + from.name(), timeout);
        return reply.isPresent() && reply.get().equals("hello-" + from.name());
    }

    @Test
    void allowedPairsConnectWithRepliesAndEverythingElseIsDropped() {
        assertThat(exchanges(web1, api1, 8080, ALLOWED)).as("web1 -> api1 tcp/8080, same host").isTrue();
        assertThat(exchanges(web1, api2, 8080, ALLOWED)).as("web1 -> api2 tcp/8080, across hosts").isTrue();
        assertThat(exchanges(web2, api1, 8080, ALLOWED)).as("web2 -> api1 tcp/8080").isTrue();
        assertThat(exchanges(api1, db1, 5432, ALLOWED)).as("api1 -> db1 tcp/5432").isTrue();
        assertThat(exchanges(api2, db2, 5432, ALLOWED)).as("api2 -> db2 tcp/5432, same host").isTrue();
        assertThat(exchanges(api2, db1, 5432, ALLOWED)).as("api2 -> db1 tcp/5432").isTrue();
        assertThat(web1.udpExchange(cache1.ip(), 6379, "get k", ALLOWED)).as("web1 -> cache1 udp/6379")
                .contains("get k");
        assertThat(api1.ping(cache1.ip(), ALLOWED)).as("api1 -> cache1 icmp").isTrue();

        assertThat(web1.tcpConnect(db1.ip(), 5432, DENIED)).as("web1 -> db1: no policy").isFalse();
        assertThat(web1.tcpConnect(api1.ip(), 9090, DENIED)).as("web1 -> api1 tcp/9090: port not in policy")
                .isFalse();
        assertThat(api1.tcpConnect(web1.ip(), 8080, DENIED)).as("api1 -> web1: the reverse does not open").isFalse();
        assertThat(api2.tcpConnect(web2.ip(), 8080, DENIED)).as("api2 -> web2: the reverse, across hosts")
                .isFalse();
        assertThat(db1.tcpConnect(api1.ip(), 8080, DENIED)).as("db1 -> api1: no policy").isFalse();
        assertThat(web1.udpExchange(cache1.ip(), 6380, "x", DENIED)).as("web1 -> cache1 udp/6380").isEmpty();
        assertThat(web1.ping(cache1.ip(), DENIED)).as("web1 -> cache1 icmp: only udp allowed").isFalse();
        assertThat(web1.ping(web2.ip(), DENIED)).as("web1 -> web2: an app does not reach itself by default")
                .isFalse();
    }

    @Test
    void aContainerSpoofingAnotherInstancesAddressesReachesNothing() {
        LabContainer intruder = lab.addContainer("h1", "intruder", "intruder");
        lab.awaitInstances(8);
        assertThat(exchanges(web1, api2, 8080, ALLOWED)).as("the path web -> api is open").isTrue();

        web1.exec("ip", "link", "set", "eth0", "down");
        intruder.exec("ip", "addr", "flush", "dev", "eth0");
        intruder.exec("ip", "addr", "add", web1.ip() + "/24", "dev", "eth0");
        intruder.exec("ip", "route", "replace", "default", "via", web1.gateway());
        assertThat(exchanges(intruder, api2, 8080, DENIED)).as("with web1's IP").isFalse();
        assertThat(exchanges(intruder, api1, 8080, DENIED)).as("with web1's IP, same host").isFalse();

        intruder.exec("ip", "link", "set", "eth0", "down");
        intruder.exec("ip", "link", "set", "eth0", "address", web1.mac());
        intruder.exec("ip", "link", "set", "eth0", "up");
        intruder.exec("ip", "route", "replace", "default", "via", web1.gateway());
        assertThat(exchanges(intruder, api2, 8080, DENIED)).as("with web1's IP and MAC").isFalse();
        assertThat(intruder.ping(api1.ip(), DENIED)).isFalse();
    }

    @Test
    void aNewPolicyOpensWithinOneSecondAndItsRemovalCutsAnEstablishedConnectionWithinOneSecond()
            throws Exception {
        assertThat(web1.tcpConnect(db1.ip(), 5432, DENIED)).as("before the policy").isFalse();

        long added = System.nanoTime();
        lab.controller().policies().create(List.of(tcp("web", "db", 5432))).join();
        boolean open = false;
        while (!open && System.nanoTime() - added < Duration.ofSeconds(1).toNanos()) {
            open = web1.tcpConnect(db1.ip(), 5432, Duration.ofMillis(200));
        }
        assertThat(open).as("web1 -> db1 within 1 s of the policy").isTrue();

        try (BackgroundProcess stream = web1.startTcpStream(db1.ip(), 5432, Duration.ofMillis(20))) {
            ControllerLab.await(Duration.ofSeconds(3), () -> echoes(stream).size() > 10, stream::output);
            double removed = System.currentTimeMillis() / 1000.0;
            lab.controller().policies().delete(List.of(tcp("web", "db", 5432))).join();
            Thread.sleep(2000);
            List<Double> echoes = echoes(stream);
            double last = echoes.get(echoes.size() - 1);
            assertThat(last - removed).as("the established connection's last echo after the removal, s")
                    .isLessThan(1.0);
            assertThat(echoes.stream().filter(time -> time > removed + 1.0)).isEmpty();
        }
        assertThat(web1.tcpConnect(db1.ip(), 5432, DENIED)).as("after the removal").isFalse();
        assertThat(exchanges(web1, api1, 8080, ALLOWED)).as("other policies untouched").isTrue();
    }

    /** The epoch seconds of each echo the stream has received so far. */
    static List<Double> echoes(BackgroundProcess stream) {
        return stream.output().lines().filter(line -> line.startsWith("echo "))
                .map(line -> Double.parseDouble(line.split(" ")[2])).toList();
    }
}
