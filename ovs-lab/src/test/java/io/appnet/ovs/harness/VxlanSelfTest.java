package io.appnet.ovs.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Harness self-test of the dataplane the controller will program: with a flow-based VXLAN port and a few
 * hand-written flows on both br-int, container A on h1 reaches container B on h2, and the underlay carries
 * VXLAN whose VNI is the sender's app id (design sections 2 and 6).
 */
@Tag("ovs")
class VxlanSelfTest {

    private static final long APP_A = 1001;
    private static final long APP_B = 1002;
    private static final String GATEWAY_MAC = "0a:00:00:00:00:01";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static Lab lab;
    private static LabContainer a;
    private static LabContainer b;

    @BeforeAll
    static void startLabAndProgramFlows() {
        lab = Lab.start(LabSpec.of("tvx", 2));
        LabHost h1 = lab.host("h1");
        LabHost h2 = lab.host("h2");
        a = h1.addContainer(ContainerSpec.of("a", "app-a", "10.255.1.10/24", "10.255.1.1"));
        b = h2.addContainer(ContainerSpec.of("b", "app-b", "10.255.2.10/24", "10.255.2.1"));
        a.setNeighbour(a.gateway(), GATEWAY_MAC);
        b.setNeighbour(b.gateway(), GATEWAY_MAC);
        program(h1, a, APP_A, b, h2);
        program(h2, b, APP_B, a, h1);
    }

    /** Local container's IP traffic to the remote one goes out tagged with its app id; the reverse comes in. */
    private static void program(LabHost host, LabContainer local, long localApp, LabContainer remote, LabHost remoteHost) {
        int tunnel = host.addTunnelPort("vxlan0");
        long remoteApp = remote == b ? APP_B : APP_A;
        host.addFlows("br-int",
                "in_port=" + local.ofport() + ",ip,nw_dst=" + remote.ip()
                        + ",actions=set_field:" + remoteHost.underlayIp() + "->tun_dst,set_field:" + localApp
                        + "->tun_id,output:" + tunnel,
                "in_port=" + tunnel + ",tun_id=" + remoteApp + ",ip,nw_dst=" + local.ip()
                        + ",actions=set_field:" + local.mac() + "->eth_dst,set_field:" + GATEWAY_MAC
                        + "->eth_src,output:" + local.ofport());
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void containerPingsAcrossHostsOverVxlanCarryingTheAppIdAsVni() {
        try (Capture capture = lab.host("h1").captureUnderlay("udp port 4789")) {
            assertThat(a.ping(b.ip(), TIMEOUT)).isTrue();
            assertThat(capture.vxlanVnis()).contains(APP_A, APP_B).allMatch(vni -> vni == APP_A || vni == APP_B);
            assertThat(capture.fields("vxlan && icmp.type == 8", "vxlan.vni", "ip.src", "ip.dst"))
                    .allSatisfy(row -> assertThat(row).containsExactly(Long.toString(APP_A),
                            lab.host("h1").underlayIp() + "," + a.ip(), lab.host("h2").underlayIp() + "," + b.ip()));
        }
        assertThat(lab.host("h1").ofctl("dump-flows", "br-int")).contains("n_packets=").contains("set_field:0x" + Long.toHexString(APP_A) + "->tun_id");
    }

    @Test
    void tcpAndUdpEchoCrossTheTunnel() {
        try (BackgroundProcess tcp = b.startTcpEcho(8080); BackgroundProcess udp = b.startUdpEcho(5353)) {
            assertThat(a.tcpExchange(b.ip(), 8080, "hello over vxlan", TIMEOUT)).contains("hello over vxlan");
            assertThat(a.udpExchange(b.ip(), 5353, "datagram", TIMEOUT)).contains("datagram");
            assertThat(a.tcpConnect(b.ip(), 8080, TIMEOUT)).isTrue();
            assertThat(tcp.isRunning()).isTrue();
            assertThat(udp.isRunning()).isTrue();
        }
        assertThat(a.tcpConnect(b.ip(), 8080, Duration.ofSeconds(2))).as("listener stopped").isFalse();
        assertThat(a.tcpExchange(b.ip(), 8081, "nobody listens", Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void trafficWithoutAFlowStaysBlocked() {
        LabContainer c = lab.host("h2").addContainer(ContainerSpec.of("c", "app-c", "10.255.2.11/24", "10.255.2.1"));
        try {
            c.setNeighbour(c.gateway(), GATEWAY_MAC);
            assertThat(c.ping(a.ip(), Duration.ofSeconds(1))).isFalse();
            assertThat(a.ping(c.ip(), Duration.ofSeconds(1))).isFalse();
        } finally {
            lab.host("h2").removeContainer("c");
        }
    }
}
