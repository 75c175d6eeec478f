package io.appnet.controller.bench;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.EgressPolicy;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.e2e.ControllerLab;
import io.appnet.controller.egress.EgressPolicySpec;
import io.appnet.controller.e2e.EgressLab;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.store.StoredEgressPolicy;
import io.appnet.ovs.harness.LabHost;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Issue 9's controller-side egress numbers on real userspace OVS (the egress lab of {@link EgressLab}: 2 hosts, 2
 * NAT gateways, the external namespace):
 * <ol>
 *   <li>one egress policy change (add or remove app-a -> db, alternating), from the service call to the barrier of
 *       every affected switch (its source host and both gateways), p50/p99, next to the same for one app-to-app
 *       policy through the policy service: app-a -> app-c tcp/8080 (app-c runs on h2 only: one switch) and app-a ->
 *       app-d tcp/8080 (app-d runs on h1 and h2: two switches); {@code ROUNDS} rounds of 200 changes of each, the
 *       series taking turns, so all see the same load; the medians of the rounds;
 *   <li>where each kind of change goes ({@link EgressChangeParts}): compile, store commit, each switch's delta
 *       alone and all at once, an empty bundle per switch;
 *   <li>gateway failover, 10 times: SIGKILL of g2's two OVS daemons, then new a1 -> db connections (each a new
 *       source port) until 8 in a row succeed; the time from the kill to the first of them. g2 is then started
 *       again on its database and waited for (in the model, switch in sync) before the next round.
 * </ol>
 * Not a test: nothing is asserted on time. Run as root:
 * {@code mvn -q -pl controller-app -am -Pbench-egress verify -DskipTests}; the report goes to the console and to
 * {@code controller-app/target/egress-benchmark.txt} (with {@code -q} Maven shows none of the console); see
 * docs/benchmarks.md.
 */
public final class EgressBenchmark {
    private static final int CHANGES = 200;
    private static final int ROUNDS = 5;
    private static final int PART_CHANGES = 200;
    private static final int FAILOVERS = 10;

    private final PrintStream out;

    private EgressBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        BenchmarkReport.run("egress-benchmark.txt", "appnet egress benchmark (issue 9)",
                out -> new EgressBenchmark(out).run());
    }

    private void run() throws Exception {
        // the product's audit interval, not the e2e labs' 1 s (theirs is for their drift checks)
        try (EgressLab egress = EgressLab.start("egb", 2, Duration.ofSeconds(30))) {
            // app-d runs on both hosts, so a change towards it reaches two switches (app-c runs on h2 only)
            egress.lab.addContainer("h1", "d1", "app-d");
            egress.lab.addContainer("h2", "d2", "app-d");
            egress.lab.awaitInstances(5);
            PolicySpec appToApp = PolicySpec.parse("app-a", "app-c", "tcp", 8080, 8080, false);
            PolicySpec appToTwo = PolicySpec.parse("app-a", "app-d", "tcp", 8080, 8080, false);
            Series egressSeries = new Series();
            Series appSeries = new Series();
            Series twoSeries = new Series();
            for (int round = 1; round <= ROUNDS; round++) {
                egressSeries.add(timeChanges(() -> {
                    egress.egress.revoke(901);
                    return null;
                }, () -> {
                    egress.egress.allow(901, "app-a", "d-db");
                    return null;
                }));
                appSeries.add(timeChanges(
                        () -> egress.lab.controller().policies().create(List.of(appToApp)).join(),
                        () -> egress.lab.controller().policies().delete(List.of(appToApp)).join()));
                twoSeries.add(timeChanges(
                        () -> egress.lab.controller().policies().create(List.of(appToTwo)).join(),
                        () -> egress.lab.controller().policies().delete(List.of(appToTwo)).join()));
                out.printf("round %d (load %s): egress p50 %.2f p99 %.2f ms; app-to-app (h2) p50 %.2f p99 %.2f ms;"
                        + " app-to-app (h1, h2) p50 %.2f p99 %.2f ms; p50 ratio egress / app (h2) %.2f%n", round, load(),
                        egressSeries.last(50), egressSeries.last(99), appSeries.last(50), appSeries.last(99),
                        twoSeries.last(50), twoSeries.last(99), egressSeries.last(50) / appSeries.last(50));
            }
            out.printf("one egress policy change -> barriers (h1, g1, g2):   p50 %.2f ms, p99 %.2f ms"
                    + " (medians of %d rounds of %d changes)%n", egressSeries.median(50), egressSeries.median(99), ROUNDS,
                    CHANGES);
            out.printf("one app-to-app policy change -> barrier (h2):        p50 %.2f ms, p99 %.2f ms%n",
                    appSeries.median(50), appSeries.median(99));
            out.printf("one app-to-app policy change -> barriers (h1, h2):   p50 %.2f ms, p99 %.2f ms%n",
                    twoSeries.median(50), twoSeries.median(99));
            out.printf("ratio egress / app-to-app (h2), medians: p50 %.2fx, p99 %.2fx; egress / app-to-app (h1, h2):"
                    + " p50 %.2fx, p99 %.2fx%n", egressSeries.median(50) / appSeries.median(50),
                    egressSeries.median(99) / appSeries.median(99), egressSeries.median(50) / twoSeries.median(50),
                    egressSeries.median(99) / twoSeries.median(99));

            split(egress, appToApp);
            parts(egress);
            failovers(egress);
        }
    }

    /**
     * Each change split where the service call returns (checks, compile, store commit, the deltas handed to the
     * switches' queues, all under the model's lock) and where the barriers answer, for the egress change and the
     * app-to-app change towards h2.
     */
    private void split(EgressLab egress, PolicySpec appToApp) {
        var controller = egress.lab.controller();
        String destination = dbDestination(controller);
        List<Double> egressCall = new ArrayList<>();
        List<Double> egressWait = new ArrayList<>();
        List<Double> appCall = new ArrayList<>();
        List<Double> appWait = new ArrayList<>();
        EgressPolicySpec spec = new EgressPolicySpec(EgressPolicySpec.APP, "app-a", destination, "all");
        for (int i = 0; i < CHANGES + 20; i++) {
            boolean measured = i >= 20;
            long started = System.nanoTime();
            var created = controller.egress().createEgressPolicies(List.of(spec));
            timeSplit(started, created.programmed(), measured ? egressCall : null, egressWait);
            String id = Long.toString(created.value().get(0).id().value());
            started = System.nanoTime();
            timeSplit(started, controller.egress().deleteEgressPolicy(id).programmed(), measured ? egressCall : null,
                    egressWait);
            started = System.nanoTime();
            timeSplit(started, controller.policies().create(List.of(appToApp)), measured ? appCall : null, appWait);
            started = System.nanoTime();
            timeSplit(started, controller.policies().delete(List.of(appToApp)), measured ? appCall : null, appWait);
        }
        out.printf("split (an extra egress policy app-a -> db added and removed; app-a -> app-c), p50 / p99 ms:%n"
                + "  egress: call returns %s, then barriers %s%n  app-to-app: call returns %s, then barriers %s%n",
                summary(egressCall), summary(egressWait.subList(40, egressWait.size())), summary(appCall),
                summary(appWait.subList(40, appWait.size())));
    }

    private static void timeSplit(long started, java.util.concurrent.CompletableFuture<?> programmed, List<Double> call,
                                  List<Double> wait) {
        long returned = System.nanoTime();
        programmed.join();
        if (call != null) {
            call.add((returned - started) / 1e6);
        }
        wait.add((System.nanoTime() - returned) / 1e6);
    }

    private static String dbDestination(io.appnet.controller.Controller controller) {
        return controller.model().network().egress().destinations().values().stream()
                .filter(d -> d.name().equals("db")).findFirst().orElseThrow().id();
    }

    /** The parts of each kind of change, p50 / p99 ms (see {@link EgressChangeParts}). */
    private void parts(EgressLab egress) {
        var controller = egress.lab.controller();
        Network network = controller.model().network();
        AppId appA = network.appId("app-a").orElseThrow();
        EgressPolicy policy = network.egress().policies().values().stream()
                .filter(p -> p.source() instanceof EgressPolicy.AppSource app && app.app().equals(appA))
                .findFirst().orElseThrow();
        StoredEgressPolicy row = new StoredEgressPolicy(policy.id().value(), "app", "app-a", policy.destination(),
                "all");
        EgressChangeParts.Parts egressParts = EgressChangeParts.measure(controller,
                List.of(Change.removePolicy(policy.id().value())),
                List.of(io.appnet.controller.model.StoredNetwork.addEgressPolicy(row)), PART_CHANGES);
        egressParts.millis().put("store commit of one row", EgressChangeParts.storeCommit(controller, row, PART_CHANGES));
        out.print(EgressChangeParts.format("parts of one egress change (remove, then add app-a -> db), p50 / p99 ms:",
                egressParts, EgressBenchmark::summary));
        long id = 0xF000_0000L;
        EgressChangeParts.Parts appParts = EgressChangeParts.measure(controller,
                List.of(Change.addPolicy(id, "app-a", "app-c", Protocol.TCP, PortRange.single(8080))),
                List.of(Change.removePolicy(id)), PART_CHANGES);
        out.print(EgressChangeParts.format("parts of one app-to-app change (add, then remove app-a -> app-c), p50 / p99"
                + " ms:", appParts, EgressBenchmark::summary));
        EgressChangeParts.Parts twoParts = EgressChangeParts.measure(controller,
                List.of(Change.addPolicy(id, "app-a", "app-d", Protocol.TCP, PortRange.single(8080))),
                List.of(Change.removePolicy(id)), PART_CHANGES);
        out.print(EgressChangeParts.format("parts of one app-to-app change (add, then remove app-a -> app-d), p50 / p99"
                + " ms:", twoParts, EgressBenchmark::summary));
    }

    private void failovers(EgressLab egress) {
        List<Double> failovers = new ArrayList<>();
        LabHost g2 = egress.lab.host("g2");
        for (int round = 0; round < FAILOVERS; round++) {
            long killed = System.nanoTime();
            g2.killOvs();
            failovers.add(egress.firstOfConsecutiveSuccesses(8, Duration.ofSeconds(10), killed));
            g2.startOvs();
            ControllerLab.await(Duration.ofSeconds(30), () -> egress.lab.controller().model().network().egress()
                    .gateways().size() == 2 && egress.lab.inSync("g2"), () -> "g2 back");
        }
        out.printf("gateway failover (kill of both OVS daemons -> every new connection succeeds), s: %s;"
                + " median %.3f, max %.3f%n", failovers.stream().map(s -> String.format("%.3f", s)).toList(),
                percentile(failovers, 50), percentile(failovers, 100));
    }

    /** Per round, the p50 and p99 of one kind of change. */
    private static final class Series {
        private final List<Double> p50 = new ArrayList<>();
        private final List<Double> p99 = new ArrayList<>();

        void add(List<Double> millis) {
            p50.add(percentile(millis, 50));
            p99.add(percentile(millis, 99));
        }

        double last(int percentile) {
            List<Double> values = percentile == 50 ? p50 : p99;
            return values.get(values.size() - 1);
        }

        double median(int percentile) {
            return EgressBenchmark.median(percentile == 50 ? p50 : p99);
        }
    }

    /** Milliseconds of each change, alternating the two, after 20 unmeasured ones. */
    private static List<Double> timeChanges(Supplier<?> first, Supplier<?> second) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < CHANGES + 20; i++) {
            long start = System.nanoTime();
            (i % 2 == 0 ? first : second).get();
            if (i >= 20) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return millis;
    }

    private static String summary(List<Double> values) {
        return String.format("%.3f / %.3f", percentile(values, 50), percentile(values, 99));
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
