package io.appnet.ovs.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A two-host lab is built exactly as the host contract (design section 3) says. */
@Tag("ovs")
class LabContractTest {

    private static ServerSocket openflowListener;
    private static ServerSocket ovsdbListener;
    private static Lab lab;
    private static LabContainer a;
    private static LabContainer b;

    @BeforeAll
    static void startLab() throws IOException {
        openflowListener = listener();
        ovsdbListener = listener();
        lab = Lab.start(LabSpec.of("tcon", 2).withController(
                ControllerEndpoint.rootNamespace(openflowListener.getLocalPort(), ovsdbListener.getLocalPort())));
        a = lab.host("h1").addContainer(ContainerSpec.of("a", "app-a", "10.255.1.10/24", "10.255.1.1"));
        b = lab.host("h2").addContainer(ContainerSpec.of("b", "some app:guid=1,x", "10.255.2.10/24", "10.255.2.1")
                .withMac("02:00:00:00:02:0a"));
    }

    @AfterAll
    static void stopLab() throws IOException {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            openflowListener.close();
            ovsdbListener.close();
        }
    }

    @Test
    void everyHostAnswersOvsVsctlShowWithItsOwnBridges() {
        for (LabHost host : lab.hosts()) {
            String show = host.vsctl("show");
            assertThat(show).contains("Bridge br-int", "Bridge br-phy", "Port ul0");
            assertThat(host.vsctl("list-br").lines()).containsExactly("br-int", "br-phy");
        }
        assertThat(lab.host("h1").vsctl("get", "open_vswitch", ".", "_uuid"))
                .isNotEqualTo(lab.host("h2").vsctl("get", "open_vswitch", ".", "_uuid"));
    }

    @Test
    void brIntIsSecureSpeaksOpenFlow13To15AndUsesTheUserspaceDatapath() {
        for (LabHost host : lab.hosts()) {
            assertThat(unquote(host.vsctl("get", "bridge", "br-int", "fail_mode"))).isEqualTo("secure");
            assertThat(host.vsctl("get", "bridge", "br-int", "protocols").strip())
                    .isEqualTo("[OpenFlow13, OpenFlow14, OpenFlow15]");
            assertThat(unquote(host.vsctl("get", "bridge", "br-int", "datapath_type"))).isEqualTo("netdev");
            assertThat(unquote(host.vsctl("get", "bridge", "br-phy", "datapath_type"))).isEqualTo("netdev");
            assertThat(host.ofctl("dump-flows", "br-int")).doesNotContain("actions=");
        }
    }

    @Test
    void openVswitchRecordCarriesHostIdAndUnderlayIp() {
        for (LabHost host : lab.hosts()) {
            assertThat(unquote(host.vsctl("get", "open_vswitch", ".", "external_ids:appnet-host-id"))).isEqualTo(host.name());
            assertThat(unquote(host.vsctl("get", "open_vswitch", ".", "external_ids:appnet-underlay-ip")))
                    .isEqualTo(host.underlayIp());
            assertThat(host.exec("ip", "-4", "-o", "addr", "show", "dev", "br-phy").stdoutOrThrow())
                    .contains(host.underlayIp() + "/24");
        }
    }

    @Test
    void hostsDialTheControllerAndManagerInTheRootNamespace() throws IOException {
        for (LabHost host : lab.hosts()) {
            assertThat(unquote(host.vsctl("get-controller", "br-int")))
                    .isEqualTo("tcp:" + lab.controllerAddress() + ":" + openflowListener.getLocalPort());
            assertThat(unquote(host.vsctl("get-manager")))
                    .isEqualTo("tcp:" + lab.controllerAddress() + ":" + ovsdbListener.getLocalPort());
        }
        List<String> helloSources = new ArrayList<>();
        List<String> managerSources = new ArrayList<>();
        for (int i = 0; i < lab.hosts().size(); i++) {
            try (Socket openflow = openflowListener.accept(); Socket ovsdb = ovsdbListener.accept()) {
                DataInputStream in = new DataInputStream(openflow.getInputStream());
                int version = in.readUnsignedByte();
                int type = in.readUnsignedByte();
                assertThat(version).as("OpenFlow version of the hello").isBetween(0x04, 0x06);
                assertThat(type).as("OFPT_HELLO").isZero();
                helloSources.add(openflow.getInetAddress().getHostAddress());
                managerSources.add(ovsdb.getInetAddress().getHostAddress());
            }
        }
        List<String> managementIps = lab.hosts().stream().map(LabHost::managementIp).toList();
        assertThat(helloSources).containsExactlyInAnyOrderElementsOf(managementIps);
        assertThat(managerSources).containsExactlyInAnyOrderElementsOf(managementIps);
    }

    @Test
    void containerPortsCarryTheContractExternalIds() {
        for (LabContainer container : List.of(a, b)) {
            LabHost host = container.host();
            String port = container.portName();
            assertThat(host.vsctl("list-ports", "br-int").lines()).contains(port);
            assertThat(unquote(host.vsctl("get", "interface", port, "external_ids:appnet-app-guid")))
                    .isEqualTo(container.appGuid());
            assertThat(unquote(host.vsctl("get", "interface", port, "external_ids:appnet-ip"))).isEqualTo(container.ip());
            assertThat(unquote(host.vsctl("get", "interface", port, "external_ids:attached-mac"))).isEqualTo(container.mac());
            assertThat(container.ofport()).isEqualTo(Integer.parseInt(host.vsctl("get", "interface", port, "ofport").strip()));
        }
        assertThat(b.mac()).isEqualTo("02:00:00:00:02:0a");
    }

    @Test
    void containerInterfaceIsSetUpAsTheContractSays() {
        for (LabContainer container : List.of(a, b)) {
            assertThat(container.exec("cat", "/sys/class/net/eth0/address").stdoutOrThrow().strip()).isEqualTo(container.mac());
            assertThat(container.exec("cat", "/sys/class/net/eth0/mtu").stdoutOrThrow().strip()).isEqualTo("1400");
            assertThat(container.exec("ethtool", "-k", "eth0").stdoutOrThrow()).contains("tx-checksumming: off");
            assertThat(container.exec("ip", "-4", "-o", "addr", "show", "dev", "eth0").stdoutOrThrow())
                    .contains(container.ip() + "/" + container.prefixLength());
            assertThat(container.exec("ip", "route", "show", "default").stdoutOrThrow())
                    .contains("default via " + container.gateway() + " dev eth0");
        }
    }

    @Test
    void hostsReachEachOthersUnderlayIp() {
        LabHost h1 = lab.host("h1");
        LabHost h2 = lab.host("h2");
        assertThat(h1.exec("ping", "-c", "1", "-W", "2", h2.underlayIp()).succeeded()).isTrue();
        assertThat(h2.exec("ping", "-c", "1", "-W", "2", h1.underlayIp()).succeeded()).isTrue();
    }

    @Test
    void containersReachNothingWhileNoControllerProgramsBrInt() {
        Duration timeout = Duration.ofSeconds(1);
        assertThat(a.ping(b.ip(), timeout)).isFalse();
        assertThat(a.ping(a.gateway(), timeout)).isFalse();
        assertThat(a.ping(lab.host("h1").underlayIp(), timeout)).isFalse();
        assertThat(b.ping(a.ip(), timeout)).isFalse();
    }

    private static ServerSocket listener() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress("0.0.0.0", 0));
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** ovs-vsctl prints strings that are not plain identifiers in double quotes with C escapes. */
    static String unquote(String vsctlValue) {
        String value = vsctlValue.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
