package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built distribution started as a user starts it: every bundle comes up, the controller feature is
 * started, the log is clean, and the OpenFlow port speaks OpenFlow 1.3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributionBootIT {

    static final Path DIST = Path.of(System.getProperty("appnet.dist.dir", "target/assembly"));
    static final Path WORK = Path.of("target/it-karaf");
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private KarafInstance karaf;

    @BeforeAll
    void startDistribution() throws Exception {
        karaf = KarafInstance.copyOf(DIST, WORK, "boot");
        karaf.start();
        Duration boot = karaf.awaitOpenflowPort(BOOT_TIMEOUT);
        System.out.printf("boot: bin/karaf server -> OpenFlow port %d accepting: %d ms%n",
                karaf.openflowPort(), boot.toMillis());
    }

    @AfterAll
    void stopDistribution() {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    void theJvmHasAFixedHeapWrittenAtStart() throws Exception {
        List<String> arguments = List.of(ProcessHandle.of(karaf.jvmPid()).orElseThrow().info().arguments()
                .orElseThrow());

        assertThat(arguments).as("bin/setenv's heap (docs/controller.md, Heap)")
                .contains("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch");
    }

    @Test
    void everyBundleIsActiveAndEveryFragmentAttached() throws Exception {
        List<BundleLine> bundles = BundleLine.parseAll(karaf.shell("bundle:list -t 0 --no-format"));

        assertThat(bundles).extracting(BundleLine::name).contains(
                "appnet :: OpenFlow 1.3 protocol", "appnet :: flow compiler",
                "appnet :: OVS integration", "appnet :: controller", "SQLite JDBC", "H2 Database Engine",
                "Netty/Transport/Classes/Epoll", "Netty/Transport/Native/Epoll", "Apache Felix Declarative Services");
        assertThat(bundles).as("bundles not Active / fragments not attached").filteredOn(b -> !b.isWorking()).isEmpty();
    }

    @Test
    void theProductCarriesNoTestFixture() throws Exception {
        List<BundleLine> bundles = BundleLine.parseAll(karaf.shell("bundle:list -t 0 --no-format"));

        assertThat(bundles).extracting(BundleLine::name).filteredOn(name -> name.startsWith("appnet ::"))
                .containsExactlyInAnyOrder("appnet :: OpenFlow 1.3 protocol", "appnet :: flow compiler",
                        "appnet :: OVS integration", "appnet :: controller", "appnet :: Karaf shell commands");
        assertThat(karaf.shell("package:exports")).contains("io.appnet.ovs.ovsdb").doesNotContain("io.appnet.ovs.harness");
    }

    @Test
    void nativeEpollFragmentIsAttachedToNettysEpollClasses() throws Exception {
        List<BundleLine> bundles = BundleLine.parseAll(karaf.shell("bundle:list -t 0 --no-format"));
        BundleLine classes = find(bundles, "Netty/Transport/Classes/Epoll");
        BundleLine natives = find(bundles, "Netty/Transport/Native/Epoll");

        assertThat(natives.hosts()).containsExactly(classes.id());
        assertThat(classes.fragments()).contains(natives.id());
    }

    @Test
    void openflowListenerRunsOnNativeEpoll() throws Exception {
        assertThat(karaf.awaitLogLine("OpenFlow listener on", Duration.ofSeconds(5))).contains("(epoll transport, TLS)");
    }

    @Test
    void controllerIsConfiguredFromItsFileInEtcAndKeepsItsStoreUnderData() throws Exception {
        assertThat(karaf.shell("service:list io.appnet.controller.Controller")).contains("appnet :: controller");
        assertThat(karaf.shell("config:list '(service.pid=io.appnet.controller)'")).contains(
                "openflow.port = " + karaf.openflowPort(), "ovsdb.port = " + karaf.ovsdbPort(),
                "felix.fileinstall.filename = file:" + karaf.home().resolve(KarafInstance.CONTROLLER_CONFIG));
        assertThat(karaf.shell("service:list io.appnet.controller.policy.PolicyService"))
                .contains("appnet :: controller");
        assertThat(karaf.shell("service:list io.appnet.controller.topology.TopologyService"))
                .contains("appnet :: controller");
        assertThat(karaf.awaitLogLine("appnet controller running", Duration.ofSeconds(5)))
                .contains("store in " + karaf.home().resolve("data/appnet"));
        assertThat(karaf.home().resolve("data/appnet/appnet.db")).exists();
    }

    @Test
    void theShellManagesPoliciesWithTheApisChecksAndListsAppsAndHosts() throws Exception {
        assertThat(karaf.shell("appnet:policy-add web api tcp 8080")).contains("added: web -> api tcp/8080");
        assertThat(karaf.shell("appnet:policy-add web api tcp 8080")).contains("already present: web -> api tcp/8080");
        assertThat(karaf.shellFailing("appnet:policy-add web db tcp 90-80"))
                .contains("invalid port range 90-80, start must be less than or equal to end");
        assertThat(karaf.shell("appnet:policy-add web db icmp")).contains("added: web -> db icmp");
        assertThat(karaf.shell("appnet:policy-list --destination api")).contains("web", "api", "tcp", "8080")
                .doesNotContain("icmp");
        assertThat(karaf.shell("appnet:app-list")).contains("web", "api", "db");
        assertThat(karaf.shell("appnet:policy-remove web api tcp 8080")).contains("removed: web -> api tcp/8080");
        assertThat(karaf.shell("appnet:policy-remove web api tcp 8080")).contains("no such policy: web -> api tcp/8080");
        assertThat(karaf.shell("appnet:policy-list")).doesNotContain("8080").contains("icmp");
        assertThat(karaf.shell("appnet:host-list")).contains("Host", "Underlay IP", "Subnet");
        assertThat(karaf.shellFailing("appnet:sync nowhere")).contains("no switch is bound to host nowhere");
    }

    @Test
    void noWellKnownCredentialOpensTheShell() throws Exception {
        assertThat(karaf.canLogIn(KarafInstance.SHELL_USER, karaf.shellPassword())).as("the test's own user")
                .isTrue();
        for (String[] guess : new String[][] {{"karaf", "karaf"}, {"admin", "admin"}, {"smx", "smx"}, {"karaf", ""}}) {
            assertThat(karaf.canLogIn(guess[0], guess[1])).as("%s/%s", guess[0], guess[1]).isFalse();
        }
    }

    @Test
    void appnetFeatureIsStarted() throws Exception {
        String features = karaf.shell("feature:list -i --no-format");

        assertThat(features.lines().filter(l -> l.startsWith("appnet\t") || l.startsWith("appnet ")))
                .singleElement().asString().contains("Started");
    }

    @Test
    void logHasNoErrors() throws Exception {
        assertThat(karaf.logLines()).filteredOn(l -> l.contains("| ERROR |")).isEmpty();
    }

    @Test
    void openflowPortAnswersHelloWithOpenflow13Hello() throws IOException {
        OpenflowProbe.Header reply = OpenflowProbe.helloReply(karaf.openflowPort(), karaf.pki());

        assertThat(reply.version()).isEqualTo(OpenflowProbe.OFP13);
        assertThat(reply.type()).isEqualTo(OpenflowProbe.OFPT_HELLO);
        assertThat(reply.length()).isGreaterThanOrEqualTo(8);
    }

    private static BundleLine find(List<BundleLine> bundles, String name) {
        return bundles.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + name + " in " + bundles));
    }
}
