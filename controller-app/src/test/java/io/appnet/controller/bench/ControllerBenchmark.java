package io.appnet.controller.bench;

import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.e2e.ControllerLab;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.ovs.harness.LabHost;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 5's end-to-end benchmark on real userspace OVS hosts, the controller in this JVM with its H2 store:
 * <ol>
 *   <li>a batch of 10,000 policies: from {@code create} to every affected switch's barrier; flows per host;
 *   <li>single changes with those 10,000 loaded: 1,000 alternating adds and deletes of one policy, each from
 *       the Java API call to the barrier acknowledgement of every affected switch, p50/p99;
 *   <li>resync after a controller restart of a switch holding ~100,000 flows, with nothing to do and with 1%
 *       of its flows deleted by hand beforehand.
 * </ol>
 * Instances are OVS internal ports with the host contract's external ids (no namespaces needed for flows).
 * Run: {@code mvn -q -o -pl controller-app -am -Pbench-controller verify -DskipTests [-Dbench.runs=3]
 * [-Dbench.hosts=3]}; see docs/benchmarks.md. Needs root.
 */
public final class ControllerBenchmark {
    private static final int APPS = 100;
    private static final int BATCH = 10_000;
    private static final int CHANGES = 1_000;
    private static final Pattern FLOW_COUNT = Pattern.compile("flow_count=(\\d+)");

    private final int runs;
    private final int hosts;
    private final PrintStream out = System.out;
    private final Random random = new Random(5);
    private ControllerLab lab;

    private ControllerBenchmark(int runs, int hosts) {
        this.runs = runs;
        this.hosts = hosts;
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        int hosts = 3;
        for (String arg : args) {
            if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--hosts=")) {
                hosts = Integer.parseInt(arg.substring(8));
            } else {
                System.err.println("usage: ControllerBenchmark [--runs=N] [--hosts=N]");
                System.exit(2);
            }
        }
        new ControllerBenchmark(runs, hosts).run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (ControllerLab started = ControllerLab.start("bnc", hosts, hosts, Duration.ZERO)) {
            lab = started;
            addInstances();
            batchAndSingleChanges();
            resync();
        }
    }

    private static String app(int index) {
        return "app-" + index;
    }

    /** App i runs one instance on host i % hosts: an internal port with the contract's external ids. */
    private void addInstances() {
        for (int i = 0; i < APPS; i++) {
            String hostName = "h" + (1 + i % hosts);
            Ipv4Prefix subnet = lab.subnetOf(hostName);
            String port = "i" + i;
            lab.host(hostName).vsctl("add-port", "br-int", port, "--", "set", "interface", port, "type=internal",
                    "external_ids:appnet-app-guid=" + app(i),
                    "external_ids:appnet-ip=" + subnet.network().plus(10 + i),
                    String.format("external_ids:attached-mac=\"02:00:00:00:%02x:%02x\"", i / 256, i % 256));
        }
        lab.awaitInstances(APPS);
        out.printf("%d hosts, %d apps with one instance each%n", hosts, APPS);
    }

    private List<PolicySpec> randomPolicies(int count, int firstPort) {
        List<PolicySpec> policies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int port = firstPort + i / (APPS * 4);
            policies.add(PolicySpec.parse(app(random.nextInt(APPS)), app(random.nextInt(APPS)), "tcp", port, port,
                    false));
        }
        return policies;
    }

    private void batchAndSingleChanges() {
        List<Double> batches = new ArrayList<>();
        List<Double> adds = new ArrayList<>();
        List<Double> deletes = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            List<PolicySpec> batch = randomPolicies(BATCH, 1000);
            long started = System.nanoTime();
            lab.controller().policies().create(batch).join();
            double batchMillis = (System.nanoTime() - started) / 1e6;
            int loaded = lab.controller().policies().list(PolicyFilter.all()).size();
            out.printf("run %d%s: batch of %d policies (%d new) acknowledged on all hosts in %.0f ms; flows per host %s%n",
                    run, run == 0 ? " (warm-up)" : "", BATCH, loaded, batchMillis, flowsPerHost());

            List<Double> runAdds = new ArrayList<>();
            List<Double> runDeletes = new ArrayList<>();
            for (int change = 0; change < CHANGES / 2; change++) {
                List<PolicySpec> one = List.of(PolicySpec.parse(app(random.nextInt(APPS)), app(random.nextInt(APPS)),
                        "udp", 30000 + change, 30000 + change, false));
                long added = System.nanoTime();
                lab.controller().policies().create(one).join();
                runAdds.add((System.nanoTime() - added) / 1e6);
                long deleted = System.nanoTime();
                lab.controller().policies().delete(one).join();
                runDeletes.add((System.nanoTime() - deleted) / 1e6);
            }
            List<Double> both = new ArrayList<>(runAdds);
            both.addAll(runDeletes);
            out.printf("run %d: %d single changes with %d policies loaded: p50 %.2f ms, p99 %.2f ms "
                            + "(add p50 %.2f / p99 %.2f, delete p50 %.2f / p99 %.2f)%n", run, CHANGES, loaded,
                    percentile(both, 50), percentile(both, 99), percentile(runAdds, 50), percentile(runAdds, 99),
                    percentile(runDeletes, 50), percentile(runDeletes, 99));
            if (run > 0) {
                batches.add(batchMillis);
                adds.addAll(runAdds);
                deletes.addAll(runDeletes);
            }
            long cleared = System.nanoTime();
            lab.controller().policies().delete(batch).join();
            out.printf("run %d: deleting the batch took %.0f ms%n", run, (System.nanoTime() - cleared) / 1e6);
        }
        List<Double> all = new ArrayList<>(adds);
        all.addAll(deletes);
        out.printf("SUMMARY batch of %d: median %.0f ms over %d runs %s%n", BATCH, percentile(batches, 50), runs,
                batches);
        out.printf("SUMMARY single change: p50 %.2f ms, p99 %.2f ms over %d changes (add p50 %.2f, delete p50 %.2f)%n",
                percentile(all, 50), percentile(all, 99), all.size(), percentile(adds, 50), percentile(deletes, 50));
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
        lab.controller().policies().create(towardsH1).join();
        LabHost h1 = lab.host("h1");
        int flows = flowCount(h1);
        out.printf("resync: %d policies loaded and installed in %.0f ms; h1 holds %d flows%n", towardsH1.size(),
                (System.nanoTime() - loading) / 1e6, flows);
        List<Double> clean = new ArrayList<>();
        List<Double> drifted = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            clean.add(restartAndTimeResync(h1, 0));
            drifted.add(restartAndTimeResync(h1, flows / 100));
        }
        out.printf("SUMMARY resync of %d flows after a restart: no changes median %.0f ms %s; 1%% drift median %.0f ms %s%n",
                flows, percentile(clean, 50), clean, percentile(drifted, 50), drifted);
    }

    /**
     * Deletes {@code drift} of h1's flows by hand, restarts the controller and returns the reconcile time
     * the new controller measured for h1 (read flows, diff, bundle, barrier).
     */
    private double restartAndTimeResync(LabHost h1, int drift) throws Exception {
        if (drift > 0) {
            List<String> lines = h1.ofctl("dump-flows", "br-int", "--no-stats").lines()
                    .filter(line -> line.contains("table=51") && line.contains("reg7=")).toList();
            h1.deleteFlowsStrict("br-int", lines.subList(0, drift).stream().map(ControllerBenchmark::matchOnly).toList());
        }
        int before = flowCount(h1);
        lab.stopController();
        long started = System.nanoTime();
        lab.startController();
        lab.awaitJoined(h1);
        double total = (System.nanoTime() - started) / 1e6;
        SwitchSync sync = lab.controller().programmer().sync(HostId.of("h1")).orElseThrow();
        String reconcile = sync.lastReconcile();
        Matcher millis = Pattern.compile(", (\\d+) ms at ").matcher(reconcile);
        double reconcileMillis = millis.find() ? Double.parseDouble(millis.group(1)) : Double.NaN;
        out.printf("resync with %d flows deleted by hand (%d on the switch): reconcile %s; controller start to h1 in"
                + " sync %.0f ms%n", drift, before, reconcile.substring(0, reconcile.indexOf(" at ")), total);
        for (LabHost host : lab.lab().hosts()) {
            lab.awaitJoined(host);
        }
        return reconcileMillis;
    }

    private static String matchOnly(String flow) {
        String withoutCookie = flow.strip().replaceFirst("^cookie=[^,]*, ", "");
        return withoutCookie.substring(0, withoutCookie.indexOf(" actions=")).replace(" ", "");
    }

    private String flowsPerHost() {
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
