package io.appnet.controller.bench;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.PortRange;
import io.appnet.controller.Controller;
import io.appnet.controller.e2e.EgressLab;
import io.appnet.controller.egress.DestinationSpec;
import io.appnet.controller.egress.EgressPolicySpec;
import io.appnet.controller.policy.PolicySpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Issue 9's egress change against an app-to-app change by the controller benchmark's method, in one lab and one
 * run: real userspace OVS hosts h1..hN and NAT gateways g1, g2 ({@link EgressLab}), the controller benchmark's
 * app-to-app workload ({@link AppWorkload}: 100 apps, one instance each spread over the hosts, 10,000 distinct tcp
 * policies) and an egress workload towards the size (destinations as flow-compiler's
 * {@code EgressFootprint} draws them; egress policies over {@code egress-apps} apps, 10 per app at full size, the
 * first 100 being the apps with instances). Then, per run, {@code changes} single changes of each kind, taking
 * turns (egress add, app add, egress delete, app delete), each from the service call to the barrier of every
 * affected switch:
 * <ul>
 *   <li>egress: a new egress policy from a random app with an instance to a random destination, through
 *       {@code EgressService} as REST and the shell, then its deletion;
 *   <li>app-to-app: a udp policy between two random apps through the policy service, then its deletion (the
 *       controller benchmark's single change; app-to-app flows live on the destination app's hosts: one here);
 *   <li>app-to-app towards {@code app-spread}, which has an instance on every host: the same change reaching as many
 *       switches as an egress change (3 hosts: 3), to tell the cost of the fan-out from the cost per switch.
 * </ul>
 * Each change's fan-out (switches with a non-empty delta, and flow-mods) comes from the compiler on the controller's
 * compiled network, outside the timing. One warm-up run, then {@code runs} runs; per run p50/p99 of each kind and
 * their ratio, then the medians over the runs. Not a test: nothing is asserted on time. Run as root:
 * {@code mvn -q -pl controller-app -am -Pbench-egress-scale verify -DskipTests}; see docs/benchmarks.md.
 */
public final class EgressScaleBenchmark {
    private static final int APPS = 100;
    private static final int APP_POLICIES = 10_000;
    /**
     * Egress policies per load step. 10,000 make a bundle of ~32,000 conjunctive flow-mods per gateway, which kept
     * Open vSwitch from answering echoes for over 3 s (the lab's echo timeout): the controller dropped the switch.
     */
    private static final int CHUNK = 1_000;
    /** An app with an instance on every host h1..hN: a policy towards it reaches as many hosts as an egress change. */
    private static final String SPREAD_APP = "app-spread";
    /** Above every id the services hand out in a run; only used to ask the compiler for a change's fan-out. */
    private static final long PROBE_ID = 0xF000_0000L;
    private static final String USAGE = "usage: EgressScaleBenchmark [--hosts=N (2..10, default 3)]"
            + " [--runs=N (1..10, default 3)] [--changes=N (100..10000 per kind and run, default 1000)]"
            + " [--destinations=N (1..10000, default 10000)] [--egress-policies=N (0..100000, default 100000)]"
            + " [--egress-apps=N (100..10000, default 10000)] [--load-budget=SECONDS (default 900)]"
            + " [--audit-seconds=N (1..3600, default 30, the product's; the test labs audit every 1 s)]"
            + " [--report=FILE (default target/egress-scale-benchmark.txt)]";

    private final Options options;
    private final PrintStream out;
    private final Random random = new Random(9);
    private final AppWorkload workload = new AppWorkload(APPS, random);
    private final List<String> destinations = new ArrayList<>();

    private EgressScaleBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    record Options(int hosts, int runs, int changes, int destinations, int egressPolicies, int egressApps,
                   int loadBudgetSeconds, int auditSeconds, Path report) {
        static Options parse(String... args) {
            int hosts = 3;
            int runs = 3;
            int changes = 1_000;
            int destinations = 10_000;
            int egressPolicies = 100_000;
            int egressApps = 10_000;
            int budget = 900;
            int auditSeconds = 30;
            Path report = Path.of("target", "egress-scale-benchmark.txt");
            for (String arg : args) {
                String value = arg.substring(arg.indexOf('=') + 1);
                if (arg.startsWith("--hosts=")) {
                    hosts = ControllerBenchmark.number(arg, 2, 10);
                } else if (arg.startsWith("--runs=")) {
                    runs = ControllerBenchmark.number(arg, 1, 10);
                } else if (arg.startsWith("--changes=")) {
                    changes = ControllerBenchmark.number(arg, 100, 10_000);
                } else if (arg.startsWith("--destinations=")) {
                    destinations = ControllerBenchmark.number(arg, 1, 10_000);
                } else if (arg.startsWith("--egress-policies=")) {
                    egressPolicies = ControllerBenchmark.number(arg, 0, 100_000);
                } else if (arg.startsWith("--egress-apps=")) {
                    egressApps = ControllerBenchmark.number(arg, APPS, 10_000);
                } else if (arg.startsWith("--load-budget=")) {
                    budget = ControllerBenchmark.number(arg, 10, 7_200);
                } else if (arg.startsWith("--audit-seconds=")) {
                    auditSeconds = ControllerBenchmark.number(arg, 1, 3_600);
                } else if (arg.startsWith("--report=") && !value.isEmpty()) {
                    report = Path.of(value);
                } else {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            return new Options(hosts, runs, changes, destinations, egressPolicies, egressApps, budget, auditSeconds,
                    report);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(options.report().toAbsolutePath().getParent());
        try (PrintStream file = new PrintStream(Files.newOutputStream(options.report()), true, StandardCharsets.UTF_8)) {
            PrintStream both = new PrintStream(new TeeOutputStream(System.out, file), true, StandardCharsets.UTF_8);
            both.printf("appnet egress benchmark at scale (issue 9), %s, %s, load average %s%n", options,
                    Instant.now(), EgressBenchmark.load());
            new EgressScaleBenchmark(options, both).run();
            both.printf("finished %s, load average %s%n", Instant.now(), EgressBenchmark.load());
            System.out.println("report written to " + options.report().toAbsolutePath());
        } catch (Exception | AssertionError failure) {
            failure.printStackTrace();
            System.exit(1); // the lab is closed already; exit even if a session thread still runs
        }
        System.exit(0);
    }

    private void run() throws Exception {
        try (EgressLab egress = EgressLab.start("egs", options.hosts(),
                java.time.Duration.ofSeconds(options.auditSeconds()))) {
            Controller controller = egress.lab.controller();
            workload.addInstances(egress.lab, options.hosts(), 100, controller.model().network().topology()
                    .instances().size());
            AppWorkload.addAppOnEveryHost(egress.lab, SPREAD_APP, options.hosts(), 250,
                    controller.model().network().topology().instances().size());
            long started = System.nanoTime();
            controller.policies().create(workload.randomPolicies(APP_POLICIES, 1000)).join();
            out.printf("%d hosts + g1, g2; %d apps with one instance each; %d app-to-app policies in %.0f ms%n",
                    options.hosts(), APPS, APP_POLICIES, (System.nanoTime() - started) / 1e6);
            loadEgress(controller, egress.lab);
            out.printf("flows per switch: %s%n", ControllerBenchmark.flowsPerHost(egress.lab));

            Series egressSeries = new Series("egress");
            Series appSeries = new Series("app-to-app");
            Series spreadSeries = new Series("app-spread");
            for (int run = 0; run <= options.runs(); run++) {
                String loadBefore = EgressBenchmark.load();
                List<Double> egressMillis = new ArrayList<>();
                List<Double> appMillis = new ArrayList<>();
                List<Double> spreadMillis = new ArrayList<>();
                for (int i = 0; i < options.changes() / 2; i++) {
                    egressChange(controller, egressSeries, egressMillis, run > 0);
                    appChange(controller, workload.anyUdpPolicy(i), appSeries, appMillis, run > 0);
                    PolicySpec random = workload.anyUdpPolicy(i);
                    appChange(controller, new PolicySpec(random.sourceGuid(), SPREAD_APP, random.protocol(),
                            random.ports()), spreadSeries, spreadMillis, run > 0);
                }
                double spread50 = EgressBenchmark.percentile(spreadMillis, 50);
                double spread99 = EgressBenchmark.percentile(spreadMillis, 99);
                double egress50 = EgressBenchmark.percentile(egressMillis, 50);
                double app50 = EgressBenchmark.percentile(appMillis, 50);
                double egress99 = EgressBenchmark.percentile(egressMillis, 99);
                double app99 = EgressBenchmark.percentile(appMillis, 99);
                out.printf("run %d%s (load %s -> %s): egress p50 %.2f p99 %.2f ms; app-to-app p50 %.2f p99 %.2f ms;"
                                + " ratio p50 %.2fx p99 %.2fx; towards %s (every host) p50 %.2f p99 %.2f ms%n", run,
                        run == 0 ? " (warm-up)" : "", loadBefore, EgressBenchmark.load(), egress50, egress99, app50,
                        app99, egress50 / app50, egress99 / app99, SPREAD_APP, spread50, spread99);
                if (run > 0) {
                    egressSeries.run(egress50, egress99);
                    appSeries.run(app50, app99);
                    spreadSeries.run(spread50, spread99);
                }
            }
            out.printf("SUMMARY medians of %d runs of %d changes of each kind:%n", options.runs(), options.changes());
            out.print(egressSeries.summary());
            out.print(appSeries.summary());
            out.printf("SUMMARY   ratio egress / app-to-app: p50 %.2fx, p99 %.2fx (per run p50 %s)%n",
                    egressSeries.median50() / appSeries.median50(), egressSeries.median99() / appSeries.median99(),
                    ratios(egressSeries.p50, appSeries.p50));
            out.print(spreadSeries.summary());
            out.printf("SUMMARY   ratio egress / app-to-app towards %s (same fan-out): p50 %.2fx, p99 %.2fx (per run p50"
                    + " %s)%n", SPREAD_APP, egressSeries.median50() / spreadSeries.median50(),
                    egressSeries.median99() / spreadSeries.median99(), ratios(egressSeries.p50, spreadSeries.p50));
        }
    }

    /** Destinations, then egress policies in chunks, each until its barriers; stops early past the load budget. */
    private void loadEgress(Controller controller, io.appnet.controller.e2e.ControllerLab lab) {
        long started = System.nanoTime();
        List<DestinationSpec> specs = new ArrayList<>();
        for (int d = 0; d < options.destinations(); d++) {
            specs.add(new DestinationSpec(null, "dest-" + d, "", List.of(rule(d)), Set.of()));
        }
        for (int from = 0; from < specs.size(); from += 10 * CHUNK) {
            var created = controller.egress().createDestinations(specs.subList(from, Math.min(specs.size(),
                    from + 10 * CHUNK)));
            created.programmed().join();
            created.value().forEach(record -> destinations.add(record.destination().id()));
        }
        out.printf("%d destinations in %.0f ms%n", destinations.size(), (System.nanoTime() - started) / 1e6);
        long budget = started + options.loadBudgetSeconds() * 1_000_000_000L;
        int loaded = 0;
        while (loaded < options.egressPolicies() && System.nanoTime() < budget) {
            List<EgressPolicySpec> chunk = new ArrayList<>();
            for (int p = loaded; p < Math.min(options.egressPolicies(), loaded + CHUNK); p++) {
                chunk.add(new EgressPolicySpec(EgressPolicySpec.APP, AppWorkload.app(p % options.egressApps()),
                        destinations.get(random.nextInt(destinations.size())), "all"));
            }
            long chunkStarted = System.nanoTime();
            try {
                controller.egress().createEgressPolicies(chunk).programmed().join();
            } catch (java.util.concurrent.CompletionException failed) {
                // stored and compiled, but a switch dropped: it reconnects and is reconciled; load no further
                loaded += chunk.size();
                out.printf("egress policies ..%d: a switch failed the bundle (%s); stopping the load once every switch"
                        + " is in sync again%n", loaded, failed.getCause());
                lab.awaitInSync(java.time.Duration.ofMinutes(3));
                break;
            }
            loaded += chunk.size();
            if (loaded % (10 * CHUNK) == 0 || loaded == options.egressPolicies()) {
                out.printf("egress policies ..%d: the last %d in %.0f ms until every barrier (load %s)%n", loaded,
                        chunk.size(), (System.nanoTime() - chunkStarted) / 1e6, EgressBenchmark.load());
            }
        }
        out.printf("egress loaded: %d destinations, %d egress policies over %d apps (%s) in %.1f s%n",
                destinations.size(), loaded, Math.min(loaded, options.egressApps()),
                loaded < options.egressPolicies() ? "STOPPED at the load budget of " + options.loadBudgetSeconds()
                        + " s, asked " + options.egressPolicies() : "as asked", (System.nanoTime() - started) / 1e9);
    }

    /** As flow-compiler's EgressFootprint: 70% one address and tcp port, 20% a /28 and up to 100 ports, 10% udp 53 or ping. */
    private DestinationRule rule(int index) {
        Ipv4Address base = Ipv4Address.of(0x64400000 + index * 16);
        int roll = random.nextInt(100);
        if (roll < 70) {
            return DestinationRule.tcp(List.of(IpRange.single(base.plus(1 + random.nextInt(14)))),
                    List.of(PortRange.single(1 + random.nextInt(65535))));
        }
        if (roll < 90) {
            int start = 1024 + random.nextInt(60000);
            return DestinationRule.tcp(List.of(IpRange.of(base, base.plus(15))),
                    List.of(PortRange.of(start, start + random.nextInt(100))));
        }
        if (roll < 95) {
            return DestinationRule.udp(List.of(IpRange.single(base)), List.of(PortRange.single(53)));
        }
        return DestinationRule.icmp(List.of(IpRange.of(base, base.plus(15))), 8, DestinationRule.ANY);
    }

    /** A new egress policy from a random app with an instance to a random destination, then its deletion. */
    private void egressChange(Controller controller, Series series, List<Double> millis, boolean counted) {
        String app = AppWorkload.app(random.nextInt(APPS));
        String destination = destinations.get(random.nextInt(destinations.size()));
        if (counted) {
            series.fanOut(controller, Change.addEgressPolicy(PROBE_ID, app, destination));
        }
        long started = System.nanoTime();
        var created = controller.egress().createEgressPolicies(List.of(new EgressPolicySpec(EgressPolicySpec.APP, app,
                destination, "all")));
        series.time(started, created.programmed(), millis, counted);
        String id = Long.toString(created.value().get(0).id().value());
        started = System.nanoTime();
        series.time(started, controller.egress().deleteEgressPolicy(id).programmed(), millis, counted);
    }

    /** An app-to-app policy added, then deleted (the controller benchmark's single change: random apps, udp). */
    private void appChange(Controller controller, PolicySpec policy, Series series, List<Double> millis,
                           boolean counted) {
        if (counted) {
            series.fanOut(controller, Change.addPolicy(PROBE_ID, policy.sourceGuid(), policy.destinationGuid(),
                    policy.protocol(), policy.ports()));
        }
        long started = System.nanoTime();
        series.time(started, controller.policies().create(List.of(policy)), millis, counted);
        started = System.nanoTime();
        series.time(started, controller.policies().delete(List.of(policy)), millis, counted);
    }

    private static String ratios(List<Double> egress, List<Double> app) {
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < egress.size(); i++) {
            ratios.add(String.format("%.2f", egress.get(i) / app.get(i)));
        }
        return String.join(", ", ratios);
    }

    /** One kind of change: p50/p99 per run, and the switches and flow-mods of each change. */
    private static final class Series {
        private static final FlowCompiler COMPILER = FlowCompiler.ovsHosts();
        private final String name;
        private final List<Double> p50 = new ArrayList<>();
        private final List<Double> p99 = new ArrayList<>();
        private final List<Double> switches = new ArrayList<>();
        private final List<Double> flowMods = new ArrayList<>();
        private final List<Double> calls = new ArrayList<>();

        Series(String name) {
            this.name = name;
        }

        void run(double median, double tail) {
            p50.add(median);
            p99.add(tail);
        }

        /**
         * Waits for {@code programmed} (the barriers) and adds the ms since {@code started} to {@code millis}; when
         * counted, also the ms until the service call returned (checks, compile, store commit, hand-off to the
         * switches' queues).
         */
        void time(long started, java.util.concurrent.CompletableFuture<?> programmed, List<Double> millis,
                  boolean counted) {
            long returned = System.nanoTime();
            programmed.join();
            millis.add((System.nanoTime() - started) / 1e6);
            if (counted) {
                calls.add((returned - started) / 1e6);
            }
        }

        /** The change's fan-out as the compiler gives it on the controller's compiled network (not timed). */
        void fanOut(Controller controller, Change change) {
            Update update = COMPILER.updateAll(controller.model().compiled(), List.of(change));
            switches.add((double) update.deltas().values().stream().filter(delta -> !delta.mods().isEmpty()).count());
            flowMods.add((double) update.flowModCount());
        }

        double median50() {
            return EgressBenchmark.median(p50);
        }

        double median99() {
            return EgressBenchmark.median(p99);
        }

        String summary() {
            return String.format("SUMMARY   %-10s p50 %.2f ms, p99 %.2f ms (per run p50 %s, p99 %s); of which the"
                            + " service call p50 %.2f ms; switches per add median %.0f (min %.0f, max %.0f), flow-mods"
                            + " per add median %.0f (max %.0f)%n", name,
                    median50(), median99(), p50.stream().map(v -> String.format("%.2f", v)).toList(),
                    p99.stream().map(v -> String.format("%.2f", v)).toList(), EgressBenchmark.median(calls),
                    EgressBenchmark.median(switches),
                    EgressBenchmark.percentile(switches, 0), EgressBenchmark.percentile(switches, 100),
                    EgressBenchmark.median(flowMods), EgressBenchmark.percentile(flowMods, 100));
        }
    }
}
