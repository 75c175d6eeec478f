package io.appnet.controller.dataplane;

import static io.appnet.openflow.action.Action.move;
import static io.appnet.openflow.action.Action.output;
import static io.appnet.openflow.action.Action.setField;
import static io.appnet.openflow.action.Instruction.applyActions;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.action.Subfield;
import io.appnet.openflow.connection.DatapathIds;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.OfMessage;
import io.appnet.ovs.harness.Capture;
import io.appnet.ovs.harness.ContainerSpec;
import io.appnet.ovs.harness.ControllerEndpoint;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two simulated hosts, one container each, programmed only through the controller's codec: ARP for the virtual
 * gateway answered by flows, IP to the remote container sent into a flow-based VXLAN port with tun_id = the
 * sender's app id and the tunnel destination set per flow, and delivered on the far side by tun_id.
 */
@Tag("ovs")
class VxlanThroughCodecOvsTest {
    private static final long APP_A = 123;
    private static final long APP_B = 789;
    private static final String GATEWAY_MAC = "0a:00:00:00:00:01";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static SwitchManager manager;
    private static Lab lab;
    private static LabContainer a;
    private static LabContainer b;

    @BeforeAll
    static void programTwoHostsThroughTheController() throws Exception {
        manager = new SwitchManager(new InetSocketAddress("0.0.0.0", 0), OfConnectionConfig.defaults(), Optional.empty());
        Map<Long, OfConnection> up = new ConcurrentHashMap<>();
        manager.addListener(new SwitchListener() {
            @Override
            public void switchUp(OfConnection connection) {
                up.put(connection.datapathId(), connection);
            }

            @Override
            public void switchDown(long datapathId, String reason) {
                up.remove(datapathId);
            }
        });
        lab = Lab.start(LabSpec.of("vxc", 2)
                .withController(ControllerEndpoint.rootNamespace(manager.localAddress().getPort(), 6640).withoutOvsdb()));
        LabHost h1 = lab.host("h1");
        LabHost h2 = lab.host("h2");
        a = h1.addContainer(ContainerSpec.of("a", "app-a", "10.255.1.10/24", "10.255.1.1"));
        b = h2.addContainer(ContainerSpec.of("b", "app-b", "10.255.2.10/24", "10.255.2.1"));
        program(connectionOf(h1, up), h1, a, APP_A, b, APP_B, h2);
        program(connectionOf(h2, up), h2, b, APP_B, a, APP_A, h1);
    }

    private static OfConnection connectionOf(LabHost host, Map<Long, OfConnection> up) throws InterruptedException {
        long dpid = DatapathIds.parse(host.vsctl("get", "bridge", "br-int", "datapath_id").trim().replace("\"", ""));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!up.containsKey(dpid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(up).as("br-int of %s connected", host.name()).containsKey(dpid);
        return up.get(dpid);
    }

    private static void program(OfConnection connection, LabHost host, LabContainer local, long localApp,
            LabContainer remote, long remoteApp, LabHost remoteHost) throws Exception {
        int tunnel = host.addTunnelPort("vxlan0");
        long gatewayMac = mac(GATEWAY_MAC);
        List<OfMessage> flows = List.of(
                // ARP request for the gateway: turned into the reply in place and sent back where it came from.
                FlowMod.add(0, 200, Match.builder().inPort(local.ofport()).arp().arpOp(1).arpTpa(local.gateway()).build(),
                        List.of(applyActions(
                                move(Subfield.whole(OxmField.ETH_SRC), Subfield.whole(OxmField.ETH_DST)),
                                setField(OxmField.ETH_SRC, gatewayMac),
                                setField(OxmField.ARP_OP, 2),
                                move(Subfield.whole(OxmField.ARP_SHA), Subfield.whole(OxmField.ARP_THA)),
                                setField(OxmField.ARP_SHA, gatewayMac),
                                move(Subfield.whole(OxmField.ARP_SPA), Subfield.whole(OxmField.ARP_TPA)),
                                setField(OxmField.ARP_SPA, ipv4(local.gateway())),
                                output(OfPorts.IN_PORT))))
                        .withCookie(0x1),
                // Outbound: tagged with the sender's app id, tunnelled to the host that owns the destination.
                FlowMod.add(0, 100, Match.builder().inPort(local.ofport()).ip().ipv4Src(local.ip()).ipv4Dst(remote.ip())
                                .build(),
                        List.of(applyActions(
                                setField(OxmField.TUN_IPV4_DST, ipv4(remoteHost.underlayIp())),
                                setField(OxmField.TUNNEL_ID, localApp),
                                output(tunnel))))
                        .withCookie(0x2),
                // Inbound: only the expected app id from the tunnel reaches the container.
                FlowMod.add(0, 100, Match.builder().inPort(tunnel).tunnelId(remoteApp).ip().ipv4Dst(local.ip()).build(),
                        List.of(applyActions(
                                setField(OxmField.ETH_SRC, gatewayMac),
                                setField(OxmField.ETH_DST, mac(local.mac())),
                                output(local.ofport()))))
                        .withCookie(0x3));
        connection.sendAll(flows.iterator()).get(5, TimeUnit.SECONDS);
        connection.barrier().get(5, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            if (manager != null) {
                manager.close();
            }
        }
    }

    @Test
    void containersPingAcrossHostsAndTheUnderlayCarriesTheAppIdAsVni() {
        try (Capture capture = lab.host("h1").captureUnderlay("udp port 4789")) {
            assertThat(a.ping(b.ip(), TIMEOUT)).isTrue();
            assertThat(b.ping(a.ip(), TIMEOUT)).isTrue();
            List<String> fromA = List.of(Long.toString(APP_A),
                    lab.host("h1").underlayIp() + "," + a.ip(), lab.host("h2").underlayIp() + "," + b.ip());
            List<String> fromB = List.of(Long.toString(APP_B),
                    lab.host("h2").underlayIp() + "," + b.ip(), lab.host("h1").underlayIp() + "," + a.ip());
            // Every echo request on the wire: outer underlay IPs, inner container IPs, VNI = the sender's app id.
            assertThat(capture.fields("vxlan && icmp.type == 8", "vxlan.vni", "ip.src", "ip.dst"))
                    .contains(fromA, fromB)
                    .allMatch(row -> row.equals(fromA) || row.equals(fromB));
            assertThat(capture.vxlanVnis()).containsOnly(APP_A, APP_B);
        }
    }

    @Test
    void theGatewayIsResolvedByTheArpFlow() {
        a.ping(b.ip(), TIMEOUT);
        assertThat(a.exec("ip", "neigh", "show", a.gateway()).stdout()).contains(GATEWAY_MAC);
        assertThat(lab.host("h1").ofctl("dump-flows", "br-int", "cookie=0x1/-1")).doesNotContain("n_packets=0,");
    }

    private static long mac(String text) {
        return Long.parseLong(text.replace(":", ""), 16);
    }

    private static Inet4Address ipv4(String text) throws java.net.UnknownHostException {
        return (Inet4Address) InetAddress.getByName(text);
    }
}
