package io.appnet.ovs.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What tests do to a host's OVS: run its tools, crash and restart ovs-vswitchd, run and stop background jobs. */
@Tag("ovs")
class HostOperationsTest {

    private static Lab lab;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(LabSpec.of("tho", 2).withHostNames("cell1", "cell2"));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void toolsTalkToThisHostsDaemonsOnly() {
        LabHost cell1 = lab.host("cell1");
        LabHost cell2 = lab.host("cell2");
        cell1.vsctl("add-br", "br-only1", "--", "set", "bridge", "br-only1", "datapath_type=netdev");
        try {
            assertThat(cell1.vsctl("list-br").lines()).contains("br-only1");
            assertThat(cell2.vsctl("list-br").lines()).doesNotContain("br-only1");
        } finally {
            cell1.vsctl("del-br", "br-only1");
        }
        assertThat(cell1.ofctl("show", "br-int")).contains("OFPT_FEATURES_REPLY (OF1.3)");
        assertThat(cell1.appctl("version")).contains("ovs-vswitchd");
        assertThat(cell1.appctl("dpif/show")).contains("netdev@ovs-netdev");
        assertThat(LabContractTest.unquote(cell1.vsctl("get", "open_vswitch", ".", "external_ids:appnet-host-id")))
                .isEqualTo("cell1");
    }

    @Test
    void flowsAddedInABundleAreReadBack() {
        LabHost cell2 = lab.host("cell2");
        cell2.addFlows("br-int", "table=0,priority=10,arp,actions=drop", "table=0,priority=5,ip,nw_dst=10.9.9.9,actions=drop");
        try {
            assertThat(cell2.ofctl("dump-flows", "br-int"))
                    .contains("priority=10,arp actions=drop", "priority=5,ip,nw_dst=10.9.9.9 actions=drop");
        } finally {
            cell2.ofctl("del-flows", "br-int");
        }
    }

    @Test
    void aKilledVswitchdRestartsOnTheSameDatabase() {
        LabHost cell1 = lab.host("cell1");
        LabContainer a = cell1.addContainer(ContainerSpec.of("a", "app-a", "10.255.1.10/24", "10.255.1.1"));
        try {
            long vswitchd = cell1.vswitchdPid();
            long ovsdb = cell1.ovsdbServerPid();
            int tunnel = cell1.addTunnelPort("vxlan0");

            cell1.killVswitchd();
            assertThat(ProcessTable.isRunning(vswitchd)).isFalse();
            cell1.startVswitchd();

            assertThat(cell1.vswitchdPid()).isNotEqualTo(vswitchd);
            assertThat(ProcessTable.isRunning(cell1.vswitchdPid())).isTrue();
            assertThat(cell1.ovsdbServerPid()).isEqualTo(ovsdb);
            assertThat(LabContractTest.unquote(cell1.vsctl("get", "bridge", "br-int", "fail_mode"))).isEqualTo("secure");
            assertThat(cell1.ofport("vxlan0")).isEqualTo(tunnel);
            assertThat(a.ofport()).isPositive();
            assertThat(cell1.exec("ping", "-c", "1", "-W", "2", lab.host("cell2").underlayIp()).succeeded())
                    .as("underlay address restored on the new br-phy").isTrue();
        } finally {
            cell1.vsctl("--if-exists", "del-port", "br-int", "vxlan0");
            cell1.removeContainer("a");
        }
    }

    @Test
    void backgroundProcessesAreTrackedByPidUntilStopped() throws Exception {
        LabHost cell2 = lab.host("cell2");
        BackgroundProcess sleeper = cell2.startBackground("sleeper", "sleep", "60");
        assertThat(ProcessTable.commandLine(sleeper.pid())).hasValueSatisfying(line -> assertThat(line).endsWith("sleep 60"));
        assertThat(lab.runDir().resolve("bg/" + sleeper.pid() + ".pid")).exists();
        // Right after the spawn the child may still be the JVM's spawn helper: no name of the lab yet.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!LabResources.find("tho").processes().contains(sleeper.pid()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(LabResources.find("tho").processes()).contains(sleeper.pid());

        sleeper.stop();

        assertThat(ProcessTable.isRunning(sleeper.pid())).isFalse();
        assertThat(Files.exists(lab.runDir().resolve("bg/" + sleeper.pid() + ".pid"))).isFalse();
    }

    @Test
    void aCaptureRecordsWhatCrossesTheUnderlay() {
        LabHost cell1 = lab.host("cell1");
        try (Capture capture = cell1.captureUnderlay("icmp")) {
            assertThat(cell1.exec("ping", "-c", "2", "-i", "0.2", "-W", "2", lab.host("cell2").underlayIp()).succeeded()).isTrue();
            assertThat(capture.fields("icmp.type == 8", "ip.src", "ip.dst"))
                    .hasSize(2)
                    .allSatisfy(row -> assertThat(row).containsExactly(cell1.underlayIp(), lab.host("cell2").underlayIp()));
            assertThat(ProcessTable.isRunning(capture.pid())).isFalse();
        }
    }

    @Test
    void containerHelpersReportFailureRatherThanThrow() {
        LabHost cell2 = lab.host("cell2");
        LabContainer b = cell2.addContainer(ContainerSpec.of("b", "app-b", "10.255.2.10/24", "10.255.2.1"));
        try (BackgroundProcess echo = b.startTcpEcho(9000)) {
            assertThat(b.tcpExchange("127.0.0.1", 9000, "local", Duration.ofSeconds(2))).contains("local");
            assertThat(b.tcpConnect("127.0.0.1", 9001, Duration.ofSeconds(2))).isFalse();
            assertThat(b.udpExchange("127.0.0.1", 9002, "nobody", Duration.ofMillis(500))).isEmpty();
            assertThat(b.exec("false").succeeded()).isFalse();
        } finally {
            cell2.removeContainer("b");
        }
    }
}
