package io.appnet.controller.bench;

import io.appnet.controller.e2e.ControllerLab;
import io.appnet.controller.e2e.EgressLab;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.ovs.harness.LabHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Issue 9's controller-side egress numbers on real userspace OVS (the egress lab of {@link EgressLab}: 2 hosts, 2
 * NAT gateways, the external namespace):
 * <ol>
 *   <li>one egress policy change (add or remove app-a -> db, alternating), from the model call to the barrier of
 *       every affected switch (its source host and both gateways), p50/p99, next to the same for one app-to-app
 *       policy (add or remove app-a -> app-c tcp/8080) through the policy service;
 *   <li>gateway failover, 10 times: SIGKILL of g2's two OVS daemons, then new a1 -> db connections (each a new
 *       source port) until 8 in a row succeed; the time from the kill to the first of them. g2 is then started
 *       again on its database and waited for (in the model, switch in sync) before the next round.
 * </ol>
 * Not a test: nothing is asserted on time. Run as root:
 * {@code mvn -q -o -pl controller-app -am -Pbench-egress verify -DskipTests}; see docs/benchmarks.md.
 */
public final class EgressBenchmark {
    private static final int CHANGES = 200;
    private static final int FAILOVERS = 10;

    private EgressBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (EgressLab egress = EgressLab.start("egb")) {
            List<Double> egressChanges = timeChanges(() -> {
                egress.egress.revoke(901);
                return null;
            }, () -> {
                egress.egress.allow(901, "app-a", "d-db");
                return null;
            });
            PolicySpec appToApp = PolicySpec.parse("app-a", "app-c", "tcp", 8080, 8080, false);
            List<Double> appChanges = timeChanges(
                    () -> egress.lab.controller().policies().create(List.of(appToApp)).join(),
                    () -> egress.lab.controller().policies().delete(List.of(appToApp)).join());
            System.out.printf("one egress policy change -> barriers (h1, g1, g2): p50 %.2f ms, p99 %.2f ms (%d changes)%n",
                    percentile(egressChanges, 50), percentile(egressChanges, 99), egressChanges.size());
            System.out.printf("one app-to-app policy change -> barriers (h1, h2):  p50 %.2f ms, p99 %.2f ms (%d changes)%n",
                    percentile(appChanges, 50), percentile(appChanges, 99), appChanges.size());

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
            System.out.printf("gateway failover (kill of both OVS daemons -> every new connection succeeds), s: %s;"
                    + " median %.3f, max %.3f%n", failovers.stream().map(s -> String.format("%.3f", s)).toList(),
                    percentile(failovers, 50), percentile(failovers, 100));
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

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
