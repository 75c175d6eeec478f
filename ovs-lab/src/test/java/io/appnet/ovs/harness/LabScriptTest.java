package io.appnet.ovs.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** scripts/lab.sh builds what the Java fixture builds, and each cleans up after the other. */
@Tag("ovs")
class LabScriptTest {

    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("scripts/lab.sh");
    /** Where the script's hosts get their certificates (not the repository's run/pki). */
    private static final Path PKI = Path.of(System.getProperty("java.io.tmpdir"), "appnet-labscript-pki");

    @AfterEach
    void removeScriptLabs() {
        lab("down", "tsh1");
        lab("down", "tsh2");
        lab("down", "tsh3");
    }

    @Test
    void upBuildsHostsPerTheContractAndDownRemovesEverything() {
        CommandResult up = lab("up", "tsh1", "2", "mgmt");
        assertThat(up.stdoutOrThrow()).contains("lab tsh1: 2 hosts");
        String controller = "ssl:" + LabNames.managementGateway(managementOctet("tsh1"));

        for (String host : List.of("h1", "h2")) {
            assertThat(lab("vsctl", "tsh1", host, "show").stdoutOrThrow()).contains("Bridge br-int", "Bridge br-phy", "Port ul0");
            assertThat(lab("vsctl", "tsh1", host, "get", "bridge", "br-int", "fail_mode").stdoutOrThrow().strip())
                    .isEqualTo("secure");
            assertThat(lab("vsctl", "tsh1", host, "get", "bridge", "br-int", "datapath_type").stdoutOrThrow().strip())
                    .isEqualTo("netdev");
            assertThat(lab("vsctl", "tsh1", host, "get-controller", "br-int").stdoutOrThrow().strip())
                    .isEqualTo(controller + ":6653");
            assertThat(lab("vsctl", "tsh1", host, "get-manager").stdoutOrThrow().strip()).isEqualTo(controller + ":6640");
            assertThat(lab("vsctl", "tsh1", host, "get-ssl").stdoutOrThrow()).as("its own key and certificate")
                    .contains("Private key: " + PKI.resolve(host + "-privkey.pem"),
                            "Certificate: " + PKI.resolve(host + "-cert.pem"),
                            "CA Certificate: " + PKI.resolve("cacert.pem"));
            assertThat(LabContractTest.unquote(lab("vsctl", "tsh1", host, "get", "open_vswitch", ".",
                    "external_ids:appnet-host-id").stdoutOrThrow())).isEqualTo(host);
        }
        assertThat(lab("exec", "tsh1", "h1", "--", "ping", "-c", "1", "-W", "2", "192.168.50.12").succeeded()).isTrue();

        assertThat(lab("attach", "tsh1", "h1", "web", "cf app \"1\"", "10.255.1.10/24", "10.255.1.1").succeeded()).isTrue();
        String mac = lab("exec", "tsh1", "h1", "web", "--", "cat", "/sys/class/net/eth0/address").stdoutOrThrow().strip();
        assertThat(LabContractTest.unquote(lab("vsctl", "tsh1", "h1", "get", "interface", "c-web",
                "external_ids:appnet-app-guid").stdoutOrThrow())).isEqualTo("cf app \"1\"");
        assertThat(LabContractTest.unquote(lab("vsctl", "tsh1", "h1", "get", "interface", "c-web",
                "external_ids:attached-mac").stdoutOrThrow())).isEqualTo(mac);
        assertThat(lab("exec", "tsh1", "h1", "web", "--", "ethtool", "-k", "eth0").stdoutOrThrow())
                .contains("tx-checksumming: off");
        assertThat(lab("exec", "tsh1", "h1", "web", "--", "ping", "-c", "1", "-W", "1", "10.255.1.1").succeeded())
                .as("secure fail mode, no controller").isFalse();
        assertThat(lab("status").stdoutOrThrow()).contains("lab tsh1: owner manual", "h1: namespace an-tsh1-h1 present",
                "ovs-vswitchd running", "container web: 10.255.1.10/24");

        assertThat(lab("detach", "tsh1", "h1", "web").succeeded()).isTrue();
        assertThat(lab("vsctl", "tsh1", "h1", "list-ports", "br-int").stdoutOrThrow()).isEmpty();
        assertThat(LabResources.find("tsh1").namespaces()).doesNotContain("an-tsh1-h1-web");

        assertThat(lab("down", "tsh1").succeeded()).isTrue();
        assertThat(LabResources.find("tsh1").isEmpty()).isTrue();
        assertThat(LabSpec.DEFAULT_RUN_ROOT.resolve("tsh1")).doesNotExist();
    }

    @Test
    void theFixtureReplacesAScriptLabOfTheSameIdAndTheScriptSeesFixtureLabs() {
        lab("up", "tsh2", "1").stdoutOrThrow();
        long scriptVswitchd = LabResources.find("tsh2").processes().get(0);
        try (Lab lab = Lab.start(LabSpec.of("tsh2", 2))) {
            assertThat(ProcessTable.isRunning(scriptVswitchd)).isFalse();
            LabContainer a = lab.host("h2").addContainer(ContainerSpec.of("a", "app-a", "10.255.2.10/24", "10.255.2.1"));
            assertThat(lab("status").stdoutOrThrow()).contains("lab tsh2: owner pid " + ProcessHandle.current().pid(),
                    "h2: namespace an-tsh2-h2 present", "container a: " + a.ip() + "/24");
            assertThat(lab("ofctl", "tsh2", "h2", "show", "br-int").stdoutOrThrow()).contains("c-a");
        }
        assertThat(LabResources.find("tsh2").isEmpty()).isTrue();
    }

    @Test
    void gatewayAndExternalNetworkAsLabExternalBuildsThem() throws IOException {
        lab("up", "tsh3", "1").stdoutOrThrow();
        assertThat(lab("gateway", "tsh3", "g1").stderr()).contains("lab tsh3 has no external network");
        assertThat(lab("external", "tsh3", "up", "203.0.113.1", "198.51.100.10").stderr())
                .contains("next hop '203.0.113.1' must be <IPv4>/<prefix>");
        lab("external", "tsh3", "up", "203.0.113.1/24", "198.51.100.10").stdoutOrThrow();
        assertThat(lab("gateway", "tsh3", "g1", "maybe").stderr()).contains("'maybe' must be nat or no-nat");
        assertThat(lab("gateway", "tsh3", "g1").stdoutOrThrow()).contains("gateway g1: underlay 192.168.50.12");

        String ids = lab("vsctl", "tsh3", "g1", "get", "open_vswitch", ".", "external_ids").stdoutOrThrow();
        assertThat(ids).contains("appnet-role=gateway", "appnet-uplink=up0", "appnet-next-hop=\"203.0.113.1\"",
                "appnet-next-hop-mac=\"" + LabNames.EXTERNAL_BRIDGE_MAC + "\"", "appnet-gateway-nat=\"true\"",
                "appnet-host-id=g1");
        assertThat(lab("vsctl", "tsh3", "g1", "list-ports", "br-int").stdoutOrThrow().strip()).isEqualTo("up0");
        assertThat(lab("exec", "tsh3", "g1", "--", "ethtool", "-k", "up0").stdoutOrThrow()).contains("tx-checksumming: off");
        assertThat(lab("external", "tsh3", "exec", "--", "ip", "-o", "link", "show", "g1").stdoutOrThrow())
                .contains("master brx");
        assertThat(lab("gateway", "tsh3", "g1").stderr()).contains("host g1 exists in lab tsh3");

        assertThat(lab("external", "tsh3", "accept-only", "bad!").stderr())
                .contains("source 'bad!' must be an IPv4 address, CIDR or a-b range");
        lab("external", "tsh3", "accept-only", "203.0.113.100-203.0.113.107").stdoutOrThrow();
        assertThat(lab("external", "tsh3", "exec", "--", "nft", "list", "ruleset").stdoutOrThrow())
                .contains("203.0.113.100-203.0.113.107", "policy drop");
        assertThat(lab("external", "tsh3", "serve", "5432").stdoutOrThrow()).contains("TCP echo on port 5432");
        assertThat(lab("external", "tsh3", "exec", "--", "python3", "-c",
                "import socket; socket.create_connection(('198.51.100.10', 5432), 2).close()").succeeded()).isTrue();
        Path peers = LabSpec.DEFAULT_RUN_ROOT.resolve("tsh3/bg/serve-5432.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!readQuietly(peers).contains("peer 198.51.100.10 ") && System.nanoTime() < deadline) {
            Sleep.millis(50);
        }
        assertThat(readQuietly(peers)).as("the server's record of the connection").contains("peer 198.51.100.10 ");
        assertThat(lab("status").stdoutOrThrow()).contains("g1: namespace an-tsh3-g1 present",
                "external network: namespace an-tsh3-ul-ext");

        assertThat(lab("down", "tsh3").succeeded()).isTrue();
        assertThat(LabResources.find("tsh3").isEmpty()).isTrue();
        assertThat(LabSpec.DEFAULT_RUN_ROOT.resolve("tsh3")).doesNotExist();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void badArgumentsAreRefusedWithAReasonAndCreateNothing() {
        CommandResult badName = lab("up", "Bad!", "2");
        assertThat(badName.exitCode()).isNotZero();
        assertThat(badName.stderr()).contains("lab name 'Bad!' must be 1-6 characters [a-z0-9]");
        CommandResult badCount = lab("up", "tsh1", "0");
        assertThat(badCount.stderr()).contains("host count '0' must be 1..200");
        assertThat(lab("up", "tsh1", "1", "not-an-ip").stderr()).contains("must be an IPv4 address or 'mgmt'");
        assertThat(LabResources.find("tsh1").isEmpty()).isTrue();
        assertThat(LabSpec.DEFAULT_RUN_ROOT.resolve("tsh1")).doesNotExist();
    }

    private static int managementOctet(String labId) {
        try {
            return Integer.parseInt(Files.readString(LabSpec.DEFAULT_RUN_ROOT.resolve(labId).resolve("mgmt-subnet")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CommandResult lab(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of("PKI_DIR", PKI.toString()), null, Duration.ofSeconds(60));
    }
}
