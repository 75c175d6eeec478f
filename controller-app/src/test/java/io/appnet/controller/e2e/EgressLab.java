package io.appnet.controller.e2e;

import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.PortRange;
import io.appnet.ovs.harness.BackgroundProcess;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabExternal;
import io.appnet.ovs.harness.LabSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The egress scenario on real OVS (issue 9), for the end-to-end test and the benchmark: hosts h1, h2 and NAT
 * gateways g1, g2 joined to a controller in this JVM; an external namespace behind the gateways' uplinks
 * (203.0.113.1/24, database 198.51.100.10 with a TCP echo on 5432 and a UDP echo on 5353, answering ping)
 * whose firewall accepts only the NAT pool; a1 (app-a) and b1 (app-b) on h1, c1 (app-c, TCP echo on 8080) on
 * h2; destinations db (tcp/5432), echo (udp/5353), ping (icmp echo) and egress policies 901 app-a -> db,
 * 902 app-c -> echo, 903 app-c -> ping.
 */
public final class EgressLab implements AutoCloseable {
    public static final String POOL = "203.0.113.100-203.0.113.107";
    public static final String DB = "198.51.100.10";

    public final ControllerLab lab;
    public final LabExternal external;
    public final EgressCalls egress;
    public final LabContainer a1;
    public final LabContainer b1;
    public final LabContainer c1;
    public final BackgroundProcess c1Echo;
    public final BackgroundProcess dbServer;
    public final BackgroundProcess udpServer;

    private EgressLab(ControllerLab lab) {
        this.lab = lab;
        external = LabExternal.create(lab.lab(), "203.0.113.1/24", List.of(DB));
        external.acceptOnly(List.of(POOL));
        external.attach(lab.host("g1"), true);
        external.attach(lab.host("g2"), true);
        ControllerLab.await(ControllerLab.JOIN, () -> lab.controller().model().network().egress().gateways().size() == 2,
                () -> "two gateways: " + lab.controller().topology().hosts());
        a1 = lab.addContainer("h1", "a1", "app-a");
        b1 = lab.addContainer("h1", "b1", "app-b");
        c1 = lab.addContainer("h2", "c1", "app-c");
        c1Echo = c1.startTcpEcho(8080);
        lab.awaitInstances(3);
        dbServer = external.startTcpEcho(5432);
        udpServer = external.startUdpEcho(DB, 5353);
        egress = new EgressCalls(lab::controller);
        List<IpRange> db = List.of(IpRange.parse(DB));
        egress.putDestination("d-db", "db", DestinationRule.tcp(db, List.of(PortRange.single(5432))));
        egress.putDestination("d-echo", "echo", DestinationRule.udp(db, List.of(PortRange.single(5353))));
        egress.putDestination("d-ping", "ping", DestinationRule.icmp(db, 8, DestinationRule.ANY));
        egress.allow(901, "app-a", "d-db");
        egress.allow(902, "app-c", "d-echo");
        egress.allow(903, "app-c", "d-ping");
    }

    /** Builds it all with lab id {@code labId}; on failure nothing stays. */
    public static EgressLab start(String labId) throws Exception {
        return start(labId, 2);
    }

    /** As {@link #start(String)}, with {@code hosts} hosts h1, h2, ... (at least 2) before the gateways. */
    public static EgressLab start(String labId, int hosts) throws Exception {
        return start(labId, hosts, Duration.ofSeconds(1));
    }

    /** As {@link #start(String, int)}, the controller auditing every switch each {@code auditInterval}. */
    public static EgressLab start(String labId, int hosts, Duration auditInterval) throws Exception {
        if (hosts < 2) {
            throw new IllegalArgumentException("the egress lab needs at least 2 hosts, not " + hosts);
        }
        List<String> names = new java.util.ArrayList<>();
        for (int host = 1; host <= hosts; host++) {
            names.add("h" + host);
        }
        names.addAll(List.of("g1", "g2"));
        ControllerLab lab = ControllerLab.start(LabSpec.of(labId, names.size()).withHostNames(names.toArray(String[]::new)),
                names.size(), auditInterval, config -> config.withEgress(EgressSettings.of(null, List.of(POOL), "shared")));
        try {
            return new EgressLab(lab);
        } catch (RuntimeException | AssertionError e) {
            lab.close();
            throw e;
        }
    }

    /** True if {@code from} connects to ip:port, sends a line and gets it back within the timeout. */
    public static boolean exchanges(LabContainer from, String ip, int port, Duration timeout) {
        Optional<String> reply = from.tcpExchange(ip, port, "hello-" + from.name(), timeout);
        return reply.isPresent() && reply.get().equals("hello-" + from.name());
    }

    /**
     * Seconds from {@code since} (System.nanoTime) to the start of the first run of {@code count} new a1 -> db
     * connections that all succeed (each a new source port, so a new slot), or infinity after {@code within}.
     */
    public double firstOfConsecutiveSuccesses(int count, Duration within, long since) {
        long runStart = -1;
        int run = 0;
        while (System.nanoTime() - since < within.toNanos()) {
            long attempt = System.nanoTime();
            if (exchanges(a1, DB, 5432, Duration.ofMillis(400))) {
                runStart = run == 0 ? attempt : runStart;
                if (++run == count) {
                    return (runStart - since) / 1e9;
                }
            } else {
                run = 0;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The source address of the latest connection or datagram an external server saw. */
    public static Optional<String> lastPeer(BackgroundProcess server) {
        return server.output().lines().filter(line -> line.startsWith("peer ")).reduce((first, second) -> second)
                .map(line -> line.split(" ")[1]);
    }

    @Override
    public void close() {
        lab.close();
    }
}
