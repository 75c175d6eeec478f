package io.appnet.controller.switches;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.connection.DatapathIds;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.ovs.harness.ControllerEndpoint;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real Open vSwitch hosts (userspace datapath, network namespaces) connecting to the switch manager. */
@Tag("ovs")
class SwitchManagerOvsTest {
    private static final Duration ECHO_INTERVAL = Duration.ofSeconds(1);
    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(3);

    private SwitchManager manager;
    private Lab lab;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        manager = new SwitchManager(new InetSocketAddress("0.0.0.0", 0),
                OfConnectionConfig.defaults().withEcho(ECHO_INTERVAL, ECHO_TIMEOUT), Optional.empty());
        manager.addListener(new SwitchListener() {
            @Override
            public void switchUp(OfConnection connection) {
                events.add("up " + DatapathIds.format(connection.datapathId()));
            }

            @Override
            public void switchDown(long datapathId, String reason) {
                events.add("down " + DatapathIds.format(datapathId) + " " + reason);
            }
        });
        lab = Lab.start(LabSpec.of("swm", 2)
                .withController(ControllerEndpoint.rootNamespace(manager.localAddress().getPort(), 6640).withoutOvsdb()));
    }

    @AfterEach
    void stop() {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            manager.close();
        }
    }

    private String next(Duration within) throws InterruptedException {
        String event = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("a switch event within %s", within).isNotNull();
        return event;
    }

    private static String dpid(LabHost host) {
        return host.vsctl("get", "bridge", "br-int", "datapath_id").trim().replace("\"", "");
    }

    @Test
    void everyHostsBrIntConnectsWithItsDatapathId() throws Exception {
        String first = next(Duration.ofSeconds(10));
        String second = next(Duration.ofSeconds(10));
        assertThat(java.util.List.of(first, second))
                .containsExactlyInAnyOrder("up " + dpid(lab.host("h1")), "up " + dpid(lab.host("h2")));
        for (LabHost host : lab.hosts()) { // OVS refreshes this status column every few seconds
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!host.vsctl("get", "controller", "br-int", "is_connected").trim().equals("true")
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(host.vsctl("get", "controller", "br-int", "is_connected").trim()).isEqualTo("true");
        }
        assertThat(manager.connections()).hasSize(2);
    }

    @Test
    void frozenSwitchIsDeclaredDeadByEchoTimeoutAndComesBackAlone() throws Exception {
        next(Duration.ofSeconds(10));
        next(Duration.ofSeconds(10));
        LabHost h1 = lab.host("h1");
        long otherDpid = DatapathIds.parse(dpid(lab.host("h2")));
        OfConnection other = manager.connection(otherDpid).orElseThrow();

        long pid = h1.vswitchdPid();
        signal(pid, "STOP");
        try {
            long start = System.nanoTime();
            String down = next(ECHO_TIMEOUT.plus(ECHO_INTERVAL).plusSeconds(2));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(down).startsWith("down " + dpid(h1)).contains("echo timeout");
            assertThat(millis).isLessThanOrEqualTo(ECHO_TIMEOUT.plus(ECHO_INTERVAL).plusSeconds(1).toMillis());
        } finally {
            signal(pid, "CONT");
        }
        assertThat(next(Duration.ofSeconds(15))).isEqualTo("up " + dpid(h1));
        assertThat(manager.connection(otherDpid)).containsSame(other);
        assertThat(other.isActive()).isTrue();
    }

    @Test
    void killedVswitchdIsNoticedAndItsRestartReconnects() throws Exception {
        next(Duration.ofSeconds(10));
        next(Duration.ofSeconds(10));
        LabHost h2 = lab.host("h2");
        String dpid = dpid(h2);
        h2.killVswitchd();
        assertThat(next(ECHO_TIMEOUT.plusSeconds(1))).startsWith("down " + dpid);
        assertThat(manager.connections()).hasSize(1);
        h2.startVswitchd();
        assertThat(next(Duration.ofSeconds(15))).isEqualTo("up " + dpid);
        assertThat(manager.connections()).hasSize(2);
    }

    @Test
    void openFlow10OnlyBridgeIsRefused() throws Exception {
        next(Duration.ofSeconds(10));
        next(Duration.ofSeconds(10));
        LabHost h1 = lab.host("h1");
        String dpid = dpid(h1);
        h1.vsctl("set", "bridge", "br-int", "protocols=OpenFlow10");
        assertThat(next(Duration.ofSeconds(5))).startsWith("down " + dpid);
        Path log = h1.runDir().resolve("ovs-vswitchd.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String text = "";
        String expected = "version negotiation failed (we support version 0x01, peer supports version 0x04)";
        while (System.nanoTime() < deadline && !text.contains(expected)) {
            Thread.sleep(200);
            text = Files.readString(log);
        }
        // OVS drops the connection on reading our HELLO; the HELLO_FAILED we then send is proven in OfConnectionTest.
        assertThat(text).contains(expected);
        assertThat(events.poll(2, TimeUnit.SECONDS)).as("never announced as connected").isNull();
        assertThat(manager.connections()).hasSize(1);
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
