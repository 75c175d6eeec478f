package io.appnet.controller.bench;

import io.appnet.compiler.firewall.DeployMode;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.FirewallRules;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.controller.Controller;
import io.appnet.controller.e2e.ControllerLab;
import io.appnet.controller.e2e.FirewallStandIn;
import io.appnet.controller.e2e.FirewallView;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.store.StoreWrite;
import io.appnet.ovs.harness.LabHost;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 10's deploy numbers on the stand-in firewall (a lab namespace's OVS, {@code protocols=OpenFlow13}, its two
 * tables limited to {@value #FLOW_LIMIT} flows each by {@code Flow_Table} rows, dialing the controller over mutual
 * TLS as a registered {@code instance-ip} firewall guarding app db): {@value #APPS} apps of {@value #INSTANCES}
 * instances, each allowed to db on {@value #PORTS} tcp ports, about 10,000 rules in two tables.
 * <ol>
 *   <li>full compile of the firewall's rules ({@code FirewallService.compile}, against the device's tables),
 *       median of {@value #COMPILES} after {@value #WARM_UPS} warm-ups;
 *   <li>first deploy to an empty device, by bundle and by make before break, {@value #FIRST_DEPLOYS} times each,
 *       taking turns: the device disconnects, its flows are deleted, the registration's deploy mode is set, it
 *       connects again; the deploy time the session reports (flow stats read back, the rules sent, the barriers or
 *       the bundle's commit), and the wall time from the connect to the deployed state;
 *   <li>one policy change (app-0 -> db tcp/9999 added or removed, alternating: 2 policy rules more or fewer),
 *       {@value #ROUNDS} rounds of {@value #CHANGES} changes by bundle then {@value #CHANGES} by make before break
 *       (after 2 unmeasured each), p50/p99 per round, medians of the rounds: the deploy time the session reports,
 *       and the wall time from the policy call to the deployed state (which holds the wait for the firewall
 *       switches to notice the change).
 * </ol>
 * Not a test: nothing is asserted on time. Run as root:
 * {@code mvn -q -pl controller-app -am -Pbench-firewall verify -DskipTests}; the report goes to the console and to
 * {@code controller-app/target/firewall-benchmark.txt}; see docs/benchmarks.md.
 */
public final class FirewallBenchmark {
    static final int APPS = 1_000;
    static final int INSTANCES = 3;
    static final int PORTS = 2;
    static final long FLOW_LIMIT = 100_000;
    private static final int COMPILES = 9;
    private static final int WARM_UPS = 5;
    private static final int FIRST_DEPLOYS = 3;
    private static final int ROUNDS = 5;
    private static final int CHANGES = 20;
    private static final long DATAPATH = 0xfb;
    private static final String NAME = "fwb";
    private static final Pattern DEPLOYED = Pattern.compile("deployed (\\d+) rules .* in (\\d+) ms");
    private static final PolicySpec CHANGE = PolicySpec.parse("app-0", "db", "tcp", 9999, 9999, false);

    private final PrintStream out;
    private ControllerLab lab;
    private LabHost device;
    private Firewall registration;

    private FirewallBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        BenchmarkReport.run("firewall-benchmark.txt", "appnet firewall benchmark (issue 10)",
                out -> new FirewallBenchmark(out).run());
    }

    private void run() throws Exception {
        // the product's audit interval, not the e2e labs' 1 s (theirs is for their drift checks)
        try (ControllerLab started = ControllerLab.start("fwb", 1, 0, Duration.ofSeconds(30))) {
            lab = started;
            device = lab.host("h1");
            FirewallStandIn.restrict(device, DATAPATH);
            FirewallStandIn.limitTables(device, FLOW_LIMIT);
            for (int port = 1; port <= 2; port++) {
                device.vsctl("add-port", "br-int", "fwp" + port, "--", "set", "interface", "fwp" + port,
                        "type=internal", "ofport_request=" + port);
            }
            Controller controller = lab.controller();
            controller.model().apply(network(), StoreWrite.none()).join();
            controller.policies().create(policies()).join();
            registration = new Firewall(NAME, DATAPATH, 1, 2, List.of(new Guard.App("db")), new Identity.InstanceIp(),
                    Optional.empty(), DeployMode.AUTO);
            controller.firewalls().register(registration);
            device.connect(lab.lab().controllerAddress(), OptionalInt.of(lab.openflowPort()), OptionalInt.empty(),
                    Optional.of(lab.pki().host(NAME)));
            int rules = awaitDeployed(Duration.ofMinutes(2)).rules();
            FirewallRules compiled = (FirewallRules) controller.firewalls().compile(NAME);
            out.printf("%d apps x %d instances, each to db on %d tcp ports: %,d rules, per table %s; flow_limit %,d;"
                    + " installed %,d%n", APPS, INSTANCES, PORTS, rules, compiled.tables().stream()
                    .map(need -> String.format("%,d", need.needed())).toList(), FLOW_LIMIT,
                    FirewallView.installed(device).size());
            compile(controller);
            firstDeploys(rules);
            changes(rules);
        }
    }

    /** The apps' instances on hosts of 250 each, db on its own host. */
    static List<Change> network() {
        List<Change> changes = new ArrayList<>();
        int hosts = APPS * INSTANCES / 250;
        for (int h = 0; h <= hosts; h++) {
            changes.add(Change.putHost(Host.of("c" + h, "192.168.60." + (h + 1), "10.254." + h + ".0/24", 1)));
        }
        changes.add(Change.registerApp("db"));
        changes.add(Change.addInstance("db/0", "db", "c" + hosts, 2, "10.254." + hosts + ".10", "02:00:00:00:ff:0a"));
        for (int a = 0; a < APPS; a++) {
            changes.add(Change.registerApp("app-" + a));
            for (int i = 0; i < INSTANCES; i++) {
                int slot = a * INSTANCES + i;
                int host = slot / 250;
                int index = 2 + slot % 250;
                changes.add(Change.addInstance("i-" + slot, "app-" + a, "c" + host, index,
                        "10.254." + host + "." + index, String.format("02:00:00:%02x:%02x:%02x", host, index >> 8,
                                index & 0xff)));
            }
        }
        return changes;
    }

    /** Each app to db on tcp/5000.. ({@value #PORTS} ports), through the policy service. */
    static List<PolicySpec> policies() {
        List<PolicySpec> policies = new ArrayList<>();
        for (int a = 0; a < APPS; a++) {
            for (int p = 0; p < PORTS; p++) {
                policies.add(PolicySpec.parse("app-" + a, "db", "tcp", 5000 + p, 5000 + p, false));
            }
        }
        return policies;
    }

    private void compile(Controller controller) {
        List<Double> millis = new ArrayList<>();
        for (int run = 0; run < COMPILES + WARM_UPS; run++) {
            long started = System.nanoTime();
            controller.firewalls().compile(NAME);
            if (run >= WARM_UPS) {
                millis.add((System.nanoTime() - started) / 1e6);
            }
        }
        out.printf("full compile: median %.1f ms (runs %s), load %s%n", percentile(millis, 50), rounded(millis), load());
    }

    private void firstDeploys(int rules) {
        Map<DeployMode, List<Double>> reported = new EnumMap<>(DeployMode.class);
        Map<DeployMode, List<Double>> wall = new EnumMap<>(DeployMode.class);
        for (int run = 1; run <= FIRST_DEPLOYS; run++) {
            for (DeployMode mode : DeployMode.values()) {
                device.vsctl("del-controller", "br-int");
                ControllerLab.await(Duration.ofSeconds(20), () -> state().outcome().startsWith("disconnected"),
                        () -> "disconnected: " + state());
                device.ofctl("del-flows", "br-int");
                register(mode);
                long connected = System.nanoTime();
                device.connect(lab.lab().controllerAddress(), OptionalInt.of(lab.openflowPort()), OptionalInt.empty(),
                        Optional.of(lab.pki().host(NAME)));
                Deployed deployed = awaitDeployed(Duration.ofMinutes(2));
                double millis = (System.nanoTime() - connected) / 1e6;
                check(deployed, rules, mode);
                reported.computeIfAbsent(mode, m -> new ArrayList<>()).add((double) deployed.millis());
                wall.computeIfAbsent(mode, m -> new ArrayList<>()).add(millis);
                out.printf("first deploy %d %s: %d ms reported, %.0f ms from the connect (load %s)%n", run,
                        mode.text(), deployed.millis(), millis, load());
            }
        }
        for (DeployMode mode : DeployMode.values()) {
            out.printf("first deploy of %,d rules to an empty device, %s: median %.0f ms reported, %.0f ms from the"
                    + " connect (%d runs)%n", rules, label(mode), percentile(reported.get(mode), 50),
                    percentile(wall.get(mode), 50), FIRST_DEPLOYS);
        }
    }

    private void changes(int rules) {
        Map<DeployMode, List<Double>> p50 = new EnumMap<>(DeployMode.class);
        Map<DeployMode, List<Double>> p99 = new EnumMap<>(DeployMode.class);
        Map<DeployMode, List<Double>> wallP50 = new EnumMap<>(DeployMode.class);
        Map<DeployMode, List<Double>> wallP99 = new EnumMap<>(DeployMode.class);
        for (int round = 1; round <= ROUNDS; round++) {
            for (DeployMode mode : DeployMode.values()) {
                register(mode);
                List<Double> reported = new ArrayList<>();
                List<Double> wall = new ArrayList<>();
                for (int i = 0; i < CHANGES + 2; i++) {
                    boolean adding = i % 2 == 0;
                    long started = System.nanoTime();
                    if (adding) {
                        lab.controller().policies().create(List.of(CHANGE)).join();
                    } else {
                        lab.controller().policies().delete(List.of(CHANGE)).join();
                    }
                    int expected = adding ? rules + 2 : rules;
                    Deployed deployed = awaitDeployed(Duration.ofSeconds(30), expected);
                    double millis = (System.nanoTime() - started) / 1e6;
                    check(deployed, expected, mode);
                    if (i >= 2) {
                        reported.add((double) deployed.millis());
                        wall.add(millis);
                    }
                }
                p50.computeIfAbsent(mode, m -> new ArrayList<>()).add(percentile(reported, 50));
                p99.computeIfAbsent(mode, m -> new ArrayList<>()).add(percentile(reported, 99));
                wallP50.computeIfAbsent(mode, m -> new ArrayList<>()).add(percentile(wall, 50));
                wallP99.computeIfAbsent(mode, m -> new ArrayList<>()).add(percentile(wall, 99));
                out.printf("round %d %s: deploy p50 %.0f p99 %.0f ms; policy call -> deployed p50 %.0f p99 %.0f ms"
                        + " (load %s)%n", round, mode.text(), percentile(reported, 50), percentile(reported, 99),
                        percentile(wall, 50), percentile(wall, 99), load());
            }
        }
        for (DeployMode mode : DeployMode.values()) {
            out.printf("one policy change (+/-2 of %,d rules), %s: deploy p50 %.0f ms, p99 %.0f ms; policy call ->"
                    + " deployed p50 %.0f ms, p99 %.0f ms (medians of %d rounds of %d)%n", rules, label(mode),
                    percentile(p50.get(mode), 50), percentile(p99.get(mode), 50), percentile(wallP50.get(mode), 50),
                    percentile(wallP99.get(mode), 50), ROUNDS, CHANGES);
        }
    }

    private static String label(DeployMode mode) {
        return mode == DeployMode.AUTO ? "by bundle" : "make before break";
    }

    /** Registers the firewall with {@code mode}; connected, the device answers with a run that sends nothing. */
    private void register(DeployMode mode) {
        Instant before = Instant.now();
        boolean connected = state().connected();
        registration = new Firewall(NAME, DATAPATH, registration.protectedPort(), registration.platformPort(),
                registration.guards(), registration.identity(), registration.budget(), mode);
        lab.controller().firewalls().register(registration);
        if (connected) {
            ControllerLab.await(Duration.ofSeconds(30), () -> state().outcome().startsWith("in sync")
                    && !state().at().isBefore(before), () -> "in sync after registering " + mode + ": " + state());
        }
    }

    private static void check(Deployed deployed, int rules, DeployMode mode) {
        if (deployed.rules() != rules || !deployed.outcome().contains(label(mode))) {
            throw new IllegalStateException("expected " + rules + " rules " + label(mode) + ": " + deployed.outcome());
        }
    }

    private record Deployed(String outcome, int rules, long millis) {
    }

    private Deployed awaitDeployed(Duration within) {
        return awaitDeployed(within, -1);
    }

    /** The next deployed state (of {@code rules} rules, unless -1), parsed. */
    private Deployed awaitDeployed(Duration within, int rules) {
        Deployed[] seen = new Deployed[1];
        ControllerLab.await(within, () -> {
            Matcher matcher = DEPLOYED.matcher(state().outcome());
            if (!matcher.find() || rules >= 0 && Integer.parseInt(matcher.group(1)) != rules) {
                return false;
            }
            seen[0] = new Deployed(state().outcome(), Integer.parseInt(matcher.group(1)),
                    Long.parseLong(matcher.group(2)));
            return true;
        }, () -> "deployed " + (rules >= 0 ? rules + " rules" : "") + ": " + state());
        return seen[0];
    }

    private FirewallDevices.State state() {
        return lab.controller().firewalls().devices().state(DATAPATH)
                .orElse(new FirewallDevices.State(false, Optional.empty(), "none", Instant.EPOCH));
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> Long.toString(Math.round(v))).toList().toString();
    }

    private static double percentile(List<Double> values, int percent) {
        return ScaleBenchmark.percentile(values, percent);
    }

    private static String load() {
        return ScaleBenchmark.load();
    }
}
