package io.appnet.controller.bench;

import io.appnet.controller.e2e.ControllerLab;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.topology.HostStatus;
import io.appnet.ovs.harness.LabHost;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 5's end-to-end benchmark on real userspace OVS hosts, the controller in this JVM with its SQLite store:
 * <ol>
 *   <li>a batch of 10,000 distinct policies: from {@code create} to every affected switch's barrier; flows per
 *       host;
 *   <li>single changes with those 10,000 loaded: 1,000 alternating adds and deletes of one policy, each from
 *       the Java API call to the barrier acknowledgement of every affected switch, p50/p99; then the parts of such
 *       a change measured alone ({@link ControllerChangeCost});
 *   <li>with ~100,000 policies towards the apps on h1 (~100,000 flows on h1): single changes towards h1, the
 *       controller's restart work without I/O ({@link ControllerStartCost}), and restarts of the controller, each
 *       followed from the start to h1 in sync ({@link ControllerRestart}, {@link ControllerReconnectLog}), with
 *       nothing to do and with 1% of h1's flows deleted by hand beforehand; first with Open vSwitch's default
 *       reconnect backoff, then with {@code max_backoff=1000} on every host's controller and manager rows.
 * </ol>
 * Instances are OVS internal ports with the host contract's external ids (no namespaces needed for flows).
 * Not a test: nothing is asserted on time. The report goes to the console and to a file.
 * Run: {@code mvn -q -pl controller-app -am -Pbench-controller verify -DskipTests [-Dbench.runs=3]
 * [-Dbench.hosts=3]}; see docs/benchmarks.md. Needs root.
 */
public final class ControllerBenchmark {
    private static final int APPS = 100;
    private static final int BATCH = 10_000;
    private static final int CHANGES = 1_000;
    private static final int BIG_HOST_CHANGES = 200;
    private static final Pattern FLOW_COUNT = Pattern.compile("flow_count=(\\d+)");

    private static final String USAGE = "usage: ControllerBenchmark [--runs=N (1..20, default 3)]"
            + " [--hosts=N (1..100, default 3)] [--parts=all|restart|changes (restart: skip the batch and single changes;"
            + " changes: only them)] [--report=FILE (default target/controller-benchmark.txt)]";

    private final int runs;
    private final int hosts;
    private final PrintStream out;
    private final boolean restartOnly;
    private final boolean changesOnly;
    private final Random random = new Random(5);
    private final AppWorkload workload = new AppWorkload(APPS, random);
    private ControllerLab lab;

    private ControllerBenchmark(int runs, int hosts, boolean restartOnly, boolean changesOnly, PrintStream out) {
        this.runs = runs;
        this.restartOnly = restartOnly;
        this.changesOnly = changesOnly;
        this.hosts = hosts;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        int hosts = 3;
        boolean restartOnly = false;
        boolean changesOnly = false;
        Path report = Path.of("target", "controller-benchmark.txt");
        try {
            for (String arg : args) {
                if (arg.startsWith("--runs=")) {
                    runs = number(arg, 1, 20);
                } else if (arg.startsWith("--hosts=")) {
                    hosts = number(arg, 1, 100);
                } else if (arg.equals("--parts=restart") || arg.equals("--parts=all")
                        || arg.equals("--parts=changes")) {
                    restartOnly = arg.equals("--parts=restart");
                    changesOnly = arg.equals("--parts=changes");
                } else if (arg.startsWith("--report=") && arg.length() > 9) {
                    report = Path.of(arg.substring(9));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        try (PrintStream file = new PrintStream(Files.newOutputStream(report), true, StandardCharsets.UTF_8)) {
            PrintStream both = new PrintStream(new TeeOutputStream(System.out, file), true, StandardCharsets.UTF_8);
            both.printf("appnet controller benchmark (issue 5), %d runs, %d hosts, %s, load average %s%n", runs, hosts,
                    Instant.now(), Files.readString(Path.of("/proc/loadavg")).strip());
            new ControllerBenchmark(runs, hosts, restartOnly, changesOnly, both).run();
            both.printf("finished %s, load average %s%n", Instant.now(),
                    Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.println("report written to " + report.toAbsolutePath());
        } catch (Exception | AssertionError failure) {
            failure.printStackTrace();
            System.exit(1); // the lab is closed already; exit even if a session thread still runs
        }
        System.exit(0);
    }

    /** The value of {@code --name=N}, refused unless a number in {@code min..max}; shared by the benchmarks. */
    static int number(String arg, int min, int max) {
        String value = arg.substring(arg.indexOf('=') + 1);
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in '" + arg + "'");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(arg + " is outside " + min + ".." + max);
        }
        return number;
    }

    private void run() throws Exception {
        try (ControllerLab started = ControllerLab.start("bnc", hosts, hosts, Duration.ZERO)) {
            lab = started;
            addInstances();
            if (!restartOnly) {
                batchAndSingleChanges();
            }
            if (!changesOnly) {
                resync();
            }
        }
    }

    private static String app(int index) {
        return AppWorkload.app(index);
    }

    /** App i runs one instance on host i % hosts (see {@link AppWorkload#addInstances}). */
    private void addInstances() {
        workload.addInstances(lab, hosts, 10, 0);
        out.printf("%d hosts, %d apps with one instance each%n", hosts, APPS);
    }

    private void batchAndSingleChanges() {
        List<Double> batches = new ArrayList<>();
        List<Double> adds = new ArrayList<>();
        List<Double> deletes = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            List<PolicySpec> batch = workload.randomPolicies(BATCH, 1000);
            long started = System.nanoTime();
            var acknowledged = lab.controller().policies().create(batch);
            double returnedMillis = (System.nanoTime() - started) / 1e6; // checks, compile, commit, hand-off
            acknowledged.join();
            double batchMillis = (System.nanoTime() - started) / 1e6;
            int loaded = lab.controller().policies().list(PolicyFilter.all()).size();
            out.printf("run %d%s: batch of %d policies (%d new) acknowledged on all hosts in %.0f ms (the service call"
                    + " returned after %.0f ms); flows per host %s%n", run, run == 0 ? " (warm-up)" : "", BATCH, loaded,
                    batchMillis, returnedMillis, flowsPerHost());

            List<Double> runAdds = new ArrayList<>();
            List<Double> runDeletes = new ArrayList<>();
            long[] gcBefore = garbageCollections();
            singleChanges(this::anyUdpPolicy, CHANGES, runAdds, runDeletes);
            List<Double> both = new ArrayList<>(runAdds);
            both.addAll(runDeletes);
            long[] gcAfter = garbageCollections();
            out.printf("run %d: %d single changes with %d policies loaded: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
                            + "(add p50 %.2f / p99 %.2f, delete p50 %.2f / p99 %.2f); meanwhile %d GCs, %d ms%n", run,
                    CHANGES, loaded, percentile(both, 50), percentile(both, 99), percentile(both, 100),
                    percentile(runAdds, 50), percentile(runAdds, 99), percentile(runDeletes, 50),
                    percentile(runDeletes, 99), gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
            if (run > 0) {
                batches.add(batchMillis);
                adds.addAll(runAdds);
                deletes.addAll(runDeletes);
            }
            if (run == runs) {
                changeParts(this::anyUdpPolicy);
            }
            long cleared = System.nanoTime();
            lab.controller().policies().delete(batch).join();
            out.printf("run %d: deleting the batch took %.0f ms%n", run, (System.nanoTime() - cleared) / 1e6);
        }
        List<Double> all = new ArrayList<>(adds);
        all.addAll(deletes);
        out.printf("SUMMARY batch of %d: median %.0f ms over %d runs %s%n", BATCH, percentile(batches, 50), runs,
                batches);
        out.printf("SUMMARY single change: p50 %.2f ms, p99 %.2f ms over %d changes (add p50 %.2f / p99 %.2f, delete"
                        + " p50 %.2f / p99 %.2f)%n", percentile(all, 50), percentile(all, 99), all.size(),
                percentile(adds, 50), percentile(adds, 99), percentile(deletes, 50), percentile(deletes, 99));
    }

    private PolicySpec anyUdpPolicy(int i) {
        return workload.anyUdpPolicy(i);
    }

    /** As {@link #anyUdpPolicy}, towards an app whose instance runs on h1. */
    private PolicySpec udpPolicyTowardsH1(int i) {
        return PolicySpec.parse(app(random.nextInt(APPS)), app(hosts * random.nextInt((APPS + hosts - 1) / hosts)),
                "udp", 30000 + i, 30000 + i, false);
    }

    /** Adds policy i and deletes it again, {@code count / 2} times, each timed from the call to its future. */
    private void singleChanges(IntFunction<PolicySpec> policy, int count, List<Double> adds, List<Double> deletes) {
        for (int change = 0; change < count / 2; change++) {
            List<PolicySpec> one = List.of(policy.apply(change));
            long added = System.nanoTime();
            lab.controller().policies().create(one).join();
            adds.add((System.nanoTime() - added) / 1e6);
            long deleted = System.nanoTime();
            lab.controller().policies().delete(one).join();
            deletes.add((System.nanoTime() - deleted) / 1e6);
        }
    }

    /** The parts of a single change, each measured alone with the batch loaded (see {@link ControllerChangeCost}). */
    private void changeParts(IntFunction<PolicySpec> policy) {
        List<Double> compile = ControllerChangeCost.compile(lab.controller(), policy, CHANGES);
        List<Double> commit = ControllerChangeCost.storeCommit(lab.controller(), policy, CHANGES);
        List<Double> switches = ControllerChangeCost.switchApply(lab.controller(), policy, CHANGES);
        long h1 = lab.controller().topology().host("h1").flatMap(HostStatus::datapathId).orElseThrow();
        List<Double> bundles = ControllerChangeCost.bundleRoundTrips(
                lab.controller().switches().connection(h1).orElseThrow(), CHANGES);
        List<Double> barriers = ControllerChangeCost.barrierRoundTrips(
                lab.controller().switches().connection(h1).orElseThrow(), CHANGES);
        out.printf("SUMMARY parts of a single change, each alone %d times (adds and deletes alternating as above),"
                + " p50 / p99 ms:%n", CHANGES);
        out.printf("SUMMARY   %-70s %13s %13s%n", "", "add", "delete");
        part("compile (FlowCompiler.updateAll on the loaded network)", compile);
        part("store commit (SQLite, same rows loaded)", commit);
        part("delta to the affected switches (translate, send, barrier)", switches);
        out.printf("SUMMARY   %-70s %13s%n", "empty bundle to h1 (open+barrier, commit+barrier)",
                String.format("%.2f / %.2f", percentile(bundles, 50), percentile(bundles, 99)));
        out.printf("SUMMARY   %-70s %13s%n", "a barrier alone to h1 (one round trip, the floor of a change)",
                String.format("%.2f / %.2f", percentile(barriers, 50), percentile(barriers, 99)));
    }

    /** One line of the parts: the even entries are adds, the odd ones deletes. */
    private void part(String name, List<Double> alternating) {
        List<Double> adds = every(alternating, 0);
        List<Double> deletes = every(alternating, 1);
        out.printf("SUMMARY   %-70s %13s %13s%n", name,
                String.format("%.2f / %.2f", percentile(adds, 50), percentile(adds, 99)),
                String.format("%.2f / %.2f", percentile(deletes, 50), percentile(deletes, 99)));
    }

    private static String addsAndDeletes(List<Double> alternating) {
        List<Double> adds = every(alternating, 0);
        List<Double> deletes = every(alternating, 1);
        return String.format("add %.2f / %.2f, delete %.2f / %.2f", percentile(adds, 50), percentile(adds, 99),
                percentile(deletes, 50), percentile(deletes, 99));
    }

    private static List<Double> every(List<Double> alternating, int first) {
        List<Double> picked = new ArrayList<>();
        for (int i = first; i < alternating.size(); i += 2) {
            picked.add(alternating.get(i));
        }
        return picked;
    }

    /** How many collections this JVM's garbage collectors have run, and the milliseconds they took. */
    private static long[] garbageCollections() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** ~100,000 flows on h1: single-port policies towards the apps whose instance runs on h1. */
    private void resync() throws Exception {
        List<PolicySpec> towardsH1 = new ArrayList<>();
        for (int port = 1; towardsH1.size() < 100_000; port++) {
            for (int destination = 0; destination < APPS; destination += hosts) {
                towardsH1.add(PolicySpec.parse(app(port % APPS), app(destination), "tcp", port, port, false));
            }
        }
        long loading = System.nanoTime();
        for (int from = 0; from < towardsH1.size(); from += BATCH) { // one bundle of 100k flows outlasts the echo timeout on a loaded machine
            lab.controller().policies().create(towardsH1.subList(from, Math.min(towardsH1.size(), from + BATCH))).join();
        }
        LabHost h1 = lab.host("h1");
        int flows = flowCount(h1);
        out.printf("resync: %d policies loaded and installed in %.0f ms; h1 holds %d flows%n", towardsH1.size(),
                (System.nanoTime() - loading) / 1e6, flows);
        bigHostChanges();
        List<Double> joins = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            ControllerStartCost cost = ControllerStartCost.measure(lab.controller(), lab.store());
            out.printf("restart work without I/O%s: %s%n", run == 0 ? " (warm-up)" : "", cost.describe());
            if (run > 0) {
                joins.add(cost.joinsMillis());
            }
        }
        out.printf("SUMMARY host joins after a restart (compile only, one after another): median %.0f ms %s%n",
                percentile(joins, 50), joins);
        restartSeries(h1, flows, "backoff as the hosts have it after joining (the controller sets max_backoff=1000"
                + " since issue 13; OVS's default is 8 s)");
        for (LabHost host : lab.lab().hosts()) {
            host.vsctl("set", "controller", "br-int", "max_backoff=1000");
            host.vsctl("set", "manager", host.vsctl("get-manager").strip(), "max_backoff=1000");
        }
        restartSeries(h1, flows, "hosts set to max_backoff=1000 (controller and manager rows)");
    }

    /** Single changes towards apps on h1 while it holds ~100,000 flows: end to end, and their compile alone. */
    private void bigHostChanges() {
        List<Double> adds = new ArrayList<>();
        List<Double> deletes = new ArrayList<>();
        singleChanges(this::udpPolicyTowardsH1, BIG_HOST_CHANGES, adds, deletes);
        List<Double> compile = ControllerChangeCost.compile(lab.controller(), this::udpPolicyTowardsH1,
                BIG_HOST_CHANGES);
        out.printf("SUMMARY %d single changes towards apps on h1 while it holds %d flows, p50 / p99 ms: end to end add"
                        + " %.2f / %.2f, delete %.2f / %.2f; compile alone (%s)%n", BIG_HOST_CHANGES,
                flowCount(lab.host("h1")),
                percentile(adds, 50), percentile(adds, 99), percentile(deletes, 50), percentile(deletes, 99),
                addsAndDeletes(compile));
    }

    /** {@code runs} restarts with nothing to do and as many after 1% drift, each followed to h1 in sync. */
    private void restartSeries(LabHost h1, int flows, String reconnects) throws Exception {
        out.printf("resync series, %s; times in ms from the controller's start:%n", reconnects);
        List<ControllerRestart> clean = new ArrayList<>();
        List<ControllerRestart> drifted = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            clean.add(restartAfterDrift(h1, 0));
            drifted.add(restartAfterDrift(h1, flows / 100));
        }
        out.printf("SUMMARY resync of h1 (%d flows) after a restart, %s; medians of %d restarts, ms from the"
                + " controller's start:%n", flows, reconnects, runs);
        out.printf("SUMMARY   %-12s %7s %9s %9s %9s %10s %8s %10s %8s %7s%n", "", "start", "OVSDB up", "gate open",
                "OpenFlow", "reconcile", "in sync", "every host", "checked", "marker");
        out.printf("SUMMARY   %-12s%s%n", "no changes", restartMedians(clean));
        out.printf("SUMMARY   %-12s%s%n", "1% drift", restartMedians(drifted));
    }

    private static String restartMedians(List<ControllerRestart> restarts) {
        return String.format(" %7.0f %9.0f %9.0f %9.0f %10.0f %8.0f %10.0f %8.0f %4d/%d",
                median(restarts, ControllerRestart::startMillis), median(restarts, ControllerRestart::ovsdbUpMillis),
                median(restarts, ControllerRestart::releasedMillis),
                median(restarts, ControllerRestart::openflowMillis),
                median(restarts, ControllerRestart::reconcileMillis),
                median(restarts, ControllerRestart::inSyncMillis),
                median(restarts, ControllerRestart::everyInSyncMillis),
                median(restarts, ControllerRestart::checkedMillis),
                restarts.stream().filter(restart -> !restart.audit().isEmpty()).count(), restarts.size());
    }

    private static double median(List<ControllerRestart> restarts, ToDoubleFunction<ControllerRestart> value) {
        return percentile(restarts.stream().map(value::applyAsDouble).toList(), 50);
    }

    /**
     * Deletes {@code drift} of h1's flows by hand, restarts the controller and follows h1 until it is in sync
     * (and every other host with it, so that the next restart starts from all hosts connected).
     */
    private ControllerRestart restartAfterDrift(LabHost h1, int drift) throws Exception {
        if (drift > 0) {
            List<String> lines = h1.ofctl("dump-flows", "br-int", "--no-stats").lines()
                    .filter(line -> line.contains("table=51") && line.contains("reg7=")).toList();
            h1.deleteFlowsStrict("br-int",
                    lines.subList(0, drift).stream().map(ControllerBenchmark::matchOnly).toList());
        }
        int before = flowCount(h1);
        ControllerRestart restart = ControllerRestart.of(lab, h1.name(), Duration.ofSeconds(60));
        out.printf("  %d flows deleted by hand (%d on the switch): %s%n", drift, before, restart.describe());
        out.printf("    hosts' own logs, ms from the stop: h1 OpenFlow %s; h1 OVSDB manager %s; OVSDB connected %s%n",
                ControllerReconnectLog.openflow(h1, restart.stoppedAt()),
                ControllerReconnectLog.ovsdb(h1, restart.stoppedAt()),
                ControllerReconnectLog.ovsdbConnected(lab.lab().hosts(), restart.stoppedAt()));
        for (LabHost host : lab.lab().hosts()) {
            lab.awaitJoined(host);
        }
        return restart;
    }

    private static String matchOnly(String flow) {
        String withoutCookie = flow.strip().replaceFirst("^cookie=[^,]*, ", "");
        return withoutCookie.substring(0, withoutCookie.indexOf(" actions=")).replace(" ", "");
    }

    private String flowsPerHost() {
        return flowsPerHost(lab);
    }

    /** "h1=N h2=N ...": each lab host's flow count by {@code dump-aggregate}. */
    static String flowsPerHost(ControllerLab lab) {
        List<String> counts = new ArrayList<>();
        for (LabHost host : lab.lab().hosts()) {
            counts.add(host.name() + "=" + flowCount(host));
        }
        return String.join(" ", counts);
    }

    private static int flowCount(LabHost host) {
        Matcher count = FLOW_COUNT.matcher(host.ofctl("dump-aggregate", "br-int"));
        return count.find() ? Integer.parseInt(count.group(1)) : -1;
    }

    private static double percentile(List<Double> values, int percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
