package io.appnet.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.firewall.DeployMode;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.controller.Controller;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.store.StoreWrite;
import io.appnet.ovs.harness.BackgroundProcess;
import io.appnet.ovs.harness.ContainerSpec;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hardware firewall stand-in (issue 10): the lab namespace's own ovsdb-server and ovs-vswitchd, its bridge limited
 * to {@code protocols=OpenFlow13}, {@code fail_mode=secure}, {@code Flow_Table} rows with {@code flow_limit} and
 * {@code overflow_policy=refuse}, registered by datapath ID as firewall fw1 in {@code instance-ip} mode guarding app
 * db; it dials the controller's OpenFlow port over mutual TLS with a certificate for fw1, and never its OVSDB port.
 * Behind its platform port: a namespace holding the instance addresses of apps web (10.255.1.10) and api
 * (10.255.1.11) (the instances are put into the model directly, as OVSDB would report them from their hosts);
 * behind its protected port: app db's instance 10.255.2.10 with TCP echo servers on 5432 and 5433. Flat addressing,
 * static neighbours: the firewall's rules pass IPv4 only. Last, the registration is replaced by one in {@code nat}
 * mode (web = 198.18.0.10, api = 198.18.0.11, addresses of the platform namespace too). Registered {@code auto}, the
 * stand-in (OVS, which has ONF bundles in OpenFlow 1.3) is deployed by bundle; the update test runs once per deploy
 * mode.
 */
@Tag("ovs")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirewallOvsTest {
    private static final long DATAPATH = 0xf1;
    private static final String DB = "10.255.2.10";
    private static final String WEB = "10.255.1.10";
    private static final String API = "10.255.1.11";
    private static final String WEB2 = "10.255.1.12";
    private static final String WEB2_MOVED = "10.255.2.12";
    private static final String WEB_NAT = "198.18.0.10";
    private static final String API_NAT = "198.18.0.11";
    private static final Duration CONNECT = Duration.ofMillis(700);

    private static ControllerLab lab;
    private static LabHost firewall;
    private static LabContainer platform;
    private static LabContainer db;
    private static Firewall fw1;
    private static final Map<DeployMode, Set<String>> RULES_AFTER_UPDATES = new java.util.EnumMap<>(DeployMode.class);

    @BeforeAll
    static void start() throws Exception {
        lab = ControllerLab.start("fw", 1, 0);
        try {
            firewall = lab.host("h1");
            FirewallStandIn.restrict(firewall, DATAPATH);
            FirewallStandIn.limitTables(firewall, 100);
            platform = firewall.addContainer(ContainerSpec.of("plat", "platform", WEB + "/16", "10.255.0.1"));
            db = firewall.addContainer(ContainerSpec.of("db", "db", DB + "/16", "10.255.0.1"));
            for (String address : List.of(API, WEB2)) {
                platform.exec("ip", "addr", "add", address + "/16", "dev", "eth0").stdoutOrThrow();
                db.setNeighbour(address, platform.mac());
            }
            db.setNeighbour(WEB, platform.mac());
            platform.setNeighbour(DB, db.mac());
            db.startTcpEcho(5432);
            db.startTcpEcho(5433);

            Controller controller = lab.controller();
            controller.model().apply(List.of(Change.putHost(Host.of("c1", "192.168.60.1", "10.255.1.0/24", 1)),
                    Change.putHost(Host.of("c2", "192.168.60.2", "10.255.2.0/24", 1)),
                    Change.addInstance("c1/web", "web", "c1", 2, WEB, "02:00:00:00:01:0a"),
                    Change.addInstance("c1/api", "api", "c1", 3, API, "02:00:00:00:01:0b"),
                    Change.addInstance("c2/db", "db", "c2", 2, DB, "02:00:00:00:02:0a")), StoreWrite.none()).join();
            controller.policies().create(List.of(PolicySpec.parse("web", "db", "tcp", 5432, 5432, false))).join();
            fw1 = new Firewall("fw1", DATAPATH, db.ofport(), platform.ofport(), List.of(new Guard.App("db")),
                    new Identity.InstanceIp(), Optional.empty());
            controller.firewalls().register(fw1);
            firewall.connect(lab.lab().controllerAddress(), OptionalInt.of(lab.openflowPort()), OptionalInt.empty(),
                    Optional.of(lab.pki().host("fw1")));
            awaitState("deployed");
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String state() {
        return FirewallView.state(lab.controller(), DATAPATH);
    }

    private static void awaitState(String prefix) {
        ControllerLab.await(Duration.ofSeconds(20), () -> state().startsWith(prefix), () -> "firewall state " + state());
    }

    /** A TCP connection from {@code source} (an address of the platform namespace) to db:port, with its echo. */
    private static boolean connects(String source, int port) {
        return connects(source, port, CONNECT);
    }

    /** As {@link #connects(String, int)}, giving up after {@code timeout} (under the 1 s SYN retransmission). */
    private static boolean connects(String source, int port, Duration timeout) {
        String script = "import socket,sys\ns=socket.socket()\ns.settimeout(" + timeout.toMillis() / 1000.0 + ")\n"
                + "s.bind(('" + source + "',0))\ntry:\n s.connect(('" + DB + "'," + port + "))\n s.sendall(b'hi\\n')\n"
                + " sys.exit(0 if s.recv(16)==b'hi\\n' else 2)\nexcept OSError:\n sys.exit(1)\n";
        return platform.exec("/usr/bin/python3", "-c", script).succeeded();
    }

    private static Set<String> installed() {
        return FirewallView.installed(firewall);
    }

    private static Set<String> exported() {
        return FirewallView.exported(lab.controller(), "fw1");
    }

    @Test
    @Order(1)
    void theAllowedAppConnectsAndRepliesPassAnotherAppAndAnotherPortDoNot() {
        assertThat(connects(WEB, 5432)).as("web -> db:5432 (allowed), with the echo back").isTrue();
        assertThat(connects(WEB, 5433)).as("web -> db:5433 (no policy)").isFalse();
        assertThat(connects(API, 5432)).as("api -> db:5432 (no policy)").isFalse();
        assertThat(connects(WEB2, 5432)).as("an address no instance has").isFalse();
    }

    @Test
    @Order(2)
    void everyInstalledRuleIsStandardAndTheExportIsWhatIsInstalled() {
        Set<String> installed = installed();
        assertThat(installed).isNotEmpty().allSatisfy(flow -> assertThat(flow)
                .doesNotContain("reg", "ct_", "tun_src", "NXM", "conjunction", "resubmit", "move:", "learn"));
        assertThat(installed).anyMatch(flow -> flow.contains("write_metadata:"));
        assertThat(installed).isEqualTo(exported());
        assertThat(firewall.vsctl("get-manager")).as("the firewall never talks OVSDB to the controller").isBlank();
    }

    @Test
    @Order(3)
    void anInstanceAddedIsAllowedWithinOneSecond() {
        lab.controller().model().apply(List.of(Change.addInstance("c1/web2", "web", "c1", 4, WEB2,
                "02:00:00:00:01:0c")), StoreWrite.none()).join();
        long started = System.nanoTime();
        boolean connected = false;
        while (!connected && System.nanoTime() - started < Duration.ofSeconds(3).toNanos()) {
            connected = connects(WEB2, 5432, Duration.ofMillis(250));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(connected).as("the new instance of web connects").isTrue();
        assertThat(millis).as("ms from the instance's arrival to its first connection").isLessThan(1_000);
        System.out.println("firewall: a new instance connected " + millis + " ms after it was added");
    }

    @Test
    @Order(4)
    void anInstanceMovedToAnotherHostIsAllowedWithinOneSecondAtItsNewAddressOnly() {
        platform.exec("ip", "addr", "add", WEB2_MOVED + "/16", "dev", "eth0").stdoutOrThrow();
        db.setNeighbour(WEB2_MOVED, platform.mac());
        lab.controller().model().apply(List.of(Change.removeInstance("c1/web2"), Change.addInstance("c2/web2", "web",
                "c2", 4, WEB2_MOVED, "02:00:00:00:02:0c")), StoreWrite.none()).join();
        long started = System.nanoTime();
        boolean connected = false;
        while (!connected && System.nanoTime() - started < Duration.ofSeconds(3).toNanos()) {
            connected = connects(WEB2_MOVED, 5432, Duration.ofMillis(250));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(connected).as("the moved instance of web connects from its new address").isTrue();
        assertThat(millis).as("ms from the move to its first connection").isLessThan(1_000);
        assertThat(connects(WEB2, 5432)).as("its old address is no identity any more").isFalse();
        System.out.println("firewall: a moved instance connected " + millis + " ms after it moved");
    }

    @ParameterizedTest
    @EnumSource(DeployMode.class)
    @Order(5)
    void anUpdateUnderARunningStreamDropsNothingAndLetsNoDeniedProbeThrough(DeployMode mode) throws Exception {
        lab.controller().firewalls().register(new Firewall("fw1", DATAPATH, fw1.protectedPort(), fw1.platformPort(),
                fw1.guards(), fw1.identity(), fw1.budget(), mode));
        long retransmitsBefore = retransmits();
        int denied = 0;
        int passed = 0;
        try (BackgroundProcess stream = platform.startTcpStream(DB, 5432, Duration.ofMillis(20))) {
            for (int round = 0; round < 3; round++) {
                lab.controller().policies().create(List.of(PolicySpec.parse("api", "db", "tcp", 5433, 5433, false)))
                        .join();
                awaitRules(true);
                passed += connects(API, 5432) ? 1 : 0;
                denied++;
                lab.controller().policies().delete(List.of(PolicySpec.parse("api", "db", "tcp", 5433, 5433, false)))
                        .join();
                awaitRules(false);
                passed += connects(API, 5432) ? 1 : 0;
                passed += connects(API, 5433) ? 1 : 0;
                denied += 2;
            }
            assertThat(stream.output()).as("the stream").doesNotContain("ended");
            assertThat(stream.output().lines().filter(line -> line.startsWith("echo")).count()).isGreaterThan(10);
        }
        assertThat(passed).as("denied probes that passed, of %d", denied).isZero();
        assertThat(retransmits() - retransmitsBefore).as("TCP retransmissions in the platform namespace").isZero();
        assertThat(state()).as("deployed " + mode).contains(mode == DeployMode.AUTO ? "by bundle" : "make before break");
        Set<String> after = installed();
        assertThat(after).isEqualTo(exported());
        Set<String> other = RULES_AFTER_UPDATES.values().stream().findFirst().orElse(after);
        assertThat(after).as("the rules after the same updates by bundle and make before break").isEqualTo(other);
        RULES_AFTER_UPDATES.put(mode, after);
    }

    private static void awaitRules(boolean apiClassified) {
        ControllerLab.await(Duration.ofSeconds(5), () -> installed().equals(exported())
                && installed().stream().anyMatch(flow -> flow.contains("nw_src=" + API)) == apiClassified,
                () -> "rules deployed, api classified " + apiClassified + ": " + installed());
    }

    @Test
    @Order(6)
    void overBudgetIsRefusedNamingTableNeedAndLimitAndTheInstalledRulesAndTrafficStay() {
        Set<String> before = installed();
        long policyRules = before.stream().filter(flow -> flow.contains("table=1")).count();
        firewall.vsctl("set", "Flow_Table", "fw-policy", "flow_limit=" + policyRules);
        lab.controller().policies().create(List.of(PolicySpec.parse("api", "db", "tcp", 5432, 5432, false))).join();
        awaitState("refused");
        assertThat(state()).contains("firewall fw1: the policy does not fit; nothing deployed",
                "table 1: needs ", " entries, has " + policyRules + ";");
        assertThat(installed()).as("the previous rules stay").isEqualTo(before);
        assertThat(connects(WEB, 5432)).as("web still connects").isTrue();
        assertThat(connects(API, 5432)).as("api is still denied").isFalse();

        firewall.vsctl("set", "Flow_Table", "fw-policy", "flow_limit=100");
        lab.controller().policies().create(List.of(PolicySpec.parse("api", "db", "tcp", 5433, 5433, false))).join();
        awaitState("deployed");
        assertThat(connects(API, 5432)).as("once the budget allows, api's policy is deployed").isTrue();
    }

    @Test
    @Order(7)
    void replacedByANatModeRegistrationAnAppIsItsNatAddress() {
        lab.controller().policies().delete(List.of(PolicySpec.parse("api", "db", "tcp", 5432, 5432, false),
                PolicySpec.parse("api", "db", "tcp", 5433, 5433, false))).join();
        for (String address : List.of(WEB_NAT, API_NAT)) {
            platform.exec("ip", "addr", "add", address + "/24", "dev", "eth0").stdoutOrThrow();
            db.setNeighbour(address, platform.mac());
        }
        db.exec("ip", "route", "add", "198.18.0.0/24", "dev", "eth0").stdoutOrThrow();
        TreeMap<String, Ipv4Address> addresses = new TreeMap<>(Map.of("web", Ipv4Address.parse(WEB_NAT),
                "api", Ipv4Address.parse(API_NAT)));
        lab.controller().firewalls().register(new Firewall("fw1", DATAPATH, db.ofport(), platform.ofport(),
                fw1.guards(), new Identity.Nat(addresses), Optional.empty()));
        ControllerLab.await(Duration.ofSeconds(5), () -> installed().equals(exported())
                && installed().stream().anyMatch(flow -> flow.contains("nw_src=" + WEB_NAT)),
                () -> "nat rules deployed: " + installed());

        assertThat(connects(WEB_NAT, 5432)).as("web from its NAT address").isTrue();
        assertThat(connects(API_NAT, 5432)).as("api from its NAT address, no policy").isFalse();
        assertThat(connects(WEB, 5432)).as("web's instance address is no identity in nat mode").isFalse();
        assertThat(installed()).noneMatch(flow -> flow.contains("nw_src=" + WEB + " "));
    }

    private static long retransmits() {
        String out = platform.exec("nstat", "-az", "TcpRetransSegs").stdoutOrThrow();
        return out.lines().filter(line -> line.startsWith("TcpRetransSegs")).findFirst()
                .map(line -> Long.parseLong(line.split("\\s+")[1])).orElseThrow();
    }
}
