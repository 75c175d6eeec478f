package io.appnet.controller.bench;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.Controller;
import io.appnet.controller.ControllerConfig;
import io.appnet.controller.bench.sim.SimFleet;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.security.Limits;
import io.appnet.controller.store.SqliteStore;
import io.appnet.controller.store.StoreWrite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Issue 13's scale benchmark: the controller in this JVM (SQLite store, as in production) and N simulated hosts
 * ({@link SimFleet}, a protocol-level simulator of ovsdb-server and ovs-vswitchd, in a child JVM so that this
 * heap is the controller's alone). Per host count and run: the hosts' leases are stored first (as after a
 * restart, so every host's instance IP is known in advance), the controller starts and every host joins and
 * gets in sync; then a batch of {@code --policies} distinct policies among 100 apps (as many as hosts below 100,
 * so that every app has an instance and every change reaches a switch); then {@code --changes}
 * single changes (a udp policy added, then deleted), each from the Java API call to the barrier reply of every
 * affected switch. Heap is measured after a full GC: per host (hosts joined minus controller alone, so it
 * includes each host's infrastructure flows) and per policy flow (policies loaded minus hosts joined, over the
 * flows the policies added on all simulated switches; it includes the policies themselves). The join time runs
 * from the simulator JVM's launch (its start included) to every host in sync. Not a test: nothing is
 * asserted on time. Writes a text report and an SVG plot.
 * Run: {@code mvn -pl controller-app -am -Pbench-scale verify -DskipTests} (see docs/benchmarks.md).
 */
public final class ScaleBenchmark {
    private static final int APPS = 100;

    private final int policies;
    private final int changes;
    private final PrintStream out;
    private final Random random = new Random(13);

    record Result(int hosts, double joinMillis, double batchMillis, double p50, double p99, double heapPerHostKb,
                  double heapPerFlowBytes, long flows, int threads) { }

    ScaleBenchmark(int policies, int changes, PrintStream out) {
        this.policies = policies;
        this.changes = changes;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        ScaleOptions options;
        try {
            options = ScaleOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + ScaleOptions.USAGE);
            System.exit(2);
            return;
        }
        List<Integer> hostCounts = options.hosts();
        int runs = options.runs();
        int policies = options.policies();
        int changes = options.changes();
        Path report = options.report();
        Files.createDirectories(report.toAbsolutePath().getParent());
        try (PrintStream file = new PrintStream(Files.newOutputStream(report), true, StandardCharsets.UTF_8)) {
            PrintStream both = new PrintStream(new TeeOutputStream(System.out, file), true, StandardCharsets.UTF_8);
            both.printf("appnet scale benchmark (issue 13), hosts %s, %d runs, %d policies, %d changes, %s, load %s,"
                    + " %d cores%n", hostCounts, runs, policies, changes, Instant.now(), load(),
                    Runtime.getRuntime().availableProcessors());
            ScaleBenchmark benchmark = new ScaleBenchmark(policies, changes, both);
            Map<Integer, List<Result>> results = new TreeMap<>();
            for (int hosts : hostCounts) {
                for (int run = 1; run <= runs; run++) {
                    Result result = benchmark.run(hosts, Duration.ofMinutes(10));
                    both.printf("hosts %d run %d: %s (load %s)%n", hosts, run, result, load());
                    results.computeIfAbsent(hosts, h -> new ArrayList<>()).add(result);
                }
            }
            both.println("SUMMARY medians over the runs:");
            both.printf("SUMMARY %6s %10s %9s %10s %10s %14s %14s %9s %8s%n", "hosts", "join ms", "batch ms",
                    "p50 ms", "p99 ms", "heap/host KiB", "heap/flow B", "flows", "threads");
            List<Result> medians = new ArrayList<>();
            results.forEach((hosts, list) -> {
                Result m = new Result(hosts, median(list, Result::joinMillis), median(list, Result::batchMillis),
                        median(list, Result::p50), median(list, Result::p99), median(list, Result::heapPerHostKb),
                        median(list, Result::heapPerFlowBytes), (long) median(list, r -> r.flows()),
                        (int) median(list, r -> r.threads()));
                medians.add(m);
                both.printf("SUMMARY %6d %10.0f %9.0f %10.2f %10.2f %14.1f %14.1f %9d %8d%n", hosts, m.joinMillis(),
                        m.batchMillis(), m.p50(), m.p99(), m.heapPerHostKb(), m.heapPerFlowBytes(), m.flows(),
                        m.threads());
            });
            Path svg = report.resolveSibling("scale-benchmark.svg");
            Files.writeString(svg, ScalePlot.svg(medians));
            both.printf("finished %s, load %s; plot %s%n", Instant.now(), load(), svg.toAbsolutePath());
        }
        System.exit(0);
    }

    /** One run with {@code hosts} simulated hosts; throws if they are not all in sync {@code joinWithin}. */
    Result run(int hosts, Duration joinWithin) throws Exception {
        Path directory = Files.createTempDirectory("appnet-scale");
        Map<String, String> leases = new TreeMap<>();
        for (int i = 0; i < hosts; i++) {
            leases.put(SimFleet.name(i), SimFleet.subnet(i));
        }
        try (SqliteStore store = SqliteStore.open(directory)) {
            StoreWrite write = StoreWrite.none();
            for (Map.Entry<String, String> lease : leases.entrySet()) {
                write = write.withLease(lease.getKey(), lease.getValue());
            }
            store.commit(write);
        }
        SqliteStore store = SqliteStore.open(directory);
        Controller controller = Controller.start(ControllerConfig.defaults().listeningOn("127.0.0.1", 0, 0)
                .withOverlay("10.0.0.0/8", 24).withSettleTimeout(Duration.ofSeconds(120))
                .withAuditInterval(Duration.ZERO)
                // every simulated host connects from 127.0.0.1: the per-address session cap must admit them all
                .withLimits(new Limits(Math.max(hosts, Limits.defaults().maxHosts()),
                        Limits.defaults().maxInstancesPerHost(), hosts + Limits.defaults().maxSessionsPerPeer()))
                .withPlaintext(), store); // the simulator speaks plain TCP
        Process fleet = null;
        try {
            long base = heap();
            fleet = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx4g", "-cp", System.getProperty("java.class.path"), SimFleet.class.getName(),
                    Integer.toString(hosts), Integer.toString(apps(hosts)), "127.0.0.1",
                    Integer.toString(controller.ovsdbAddress().getPort()),
                    Integer.toString(controller.openflowAddress().getPort()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader fromFleet = new BufferedReader(new InputStreamReader(fleet.getInputStream(),
                    StandardCharsets.UTF_8));
            PrintWriter toFleet = new PrintWriter(fleet.getOutputStream(), true, StandardCharsets.UTF_8);
            long started = System.nanoTime();
            expect(fromFleet, "connected");
            awaitInSync(controller, hosts, joinWithin);
            double join = (System.nanoTime() - started) / 1e6;
            toFleet.println("flows");
            long idleFlows = Long.parseLong(fromFleet.readLine().strip());
            long joined = heap();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();

            long batchStarted = System.nanoTime();
            controller.policies().create(randomPolicies(policies, apps(hosts))).get(10, TimeUnit.MINUTES);
            double batch = (System.nanoTime() - batchStarted) / 1e6;
            toFleet.println("flows");
            long flows = Long.parseLong(fromFleet.readLine().strip());
            long loaded = heap();

            List<Double> times = new ArrayList<>();
            for (int i = 0; i < changes / 2; i++) {
                List<PolicySpec> one = List.of(PolicySpec.parse(app(random.nextInt(apps(hosts))),
                        app(random.nextInt(apps(hosts))),
                        "udp", 30000 + i, 30000 + i, false));
                long added = System.nanoTime();
                controller.policies().create(one).get(1, TimeUnit.MINUTES);
                times.add((System.nanoTime() - added) / 1e6);
                long deleted = System.nanoTime();
                controller.policies().delete(one).get(1, TimeUnit.MINUTES);
                times.add((System.nanoTime() - deleted) / 1e6);
            }
            return new Result(hosts, join, batch, percentile(times, 50), percentile(times, 99),
                    (joined - base) / 1024.0 / hosts, (loaded - joined) / (double) Math.max(1, flows - idleFlows), flows,
                    threads);
        } finally {
            if (fleet != null) {
                fleet.getOutputStream().close();
                if (!fleet.waitFor(30, TimeUnit.SECONDS)) {
                    fleet.destroyForcibly();
                }
            }
            controller.close();
            store.close();
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void awaitInSync(Controller controller, int hosts, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long inSync = 0;
            for (int i = 0; i < hosts; i++) {
                inSync += controller.programmer().sync(HostId.of(SimFleet.name(i)))
                        .filter(sync -> sync.state() == SwitchSync.State.IN_SYNC).isPresent() ? 1 : 0;
            }
            int instances = controller.model().network().topology().instances().size();
            if (inSync == hosts && instances == hosts) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(inSync + " of " + hosts + " hosts in sync, " + instances
                        + " instances, within " + within);
            }
            Thread.sleep(10);
        }
    }

    private static void expect(BufferedReader in, String line) throws Exception {
        String read = in.readLine();
        if (!line.equals(read)) {
            throw new IllegalStateException("the simulator said '" + read + "', not '" + line + "'");
        }
    }

    /** Every app has an instance, so every change reaches at least one switch: 100 apps, fewer below 100 hosts. */
    private static int apps(int hosts) {
        return Math.min(APPS, hosts);
    }

    private List<PolicySpec> randomPolicies(int count, int apps) {
        Set<PolicySpec> chosen = new LinkedHashSet<>();
        for (int i = 0; chosen.size() < count; i++) {
            int port = 1000 + i / (apps * 4);
            chosen.add(PolicySpec.parse(app(random.nextInt(apps)), app(random.nextInt(apps)), "tcp", port, port,
                    false));
        }
        return List.copyOf(chosen);
    }

    private static String app(int i) {
        return "app-" + i;
    }

    /** Heap in use after a full collection (two, to let finalizers and soft references settle). */
    private static long heap() {
        System.gc();
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** /proc/loadavg, as the reports note it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> value) {
        return percentile(results.stream().map(value::applyAsDouble).toList(), 50);
    }

    static double percentile(List<Double> values, int percent) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
