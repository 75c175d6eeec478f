package io.appnet.dist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Sends requests at a fixed rate for a fixed time, at most {@code inFlight} at once (so the client opens at most
 * that many keep-alive connections), and times each from its send to its answer, next to the controller's own time
 * for it (its {@code Server-Timing} header): the difference is HTTP, JSON, the token check and the client. When the
 * server falls behind, the sender waits for a free slot: the rate achieved then drops below the target, and is
 * reported as it was.
 */
final class RateDriver {

    /**
     * What a run did: requests sent and their answers, latencies of the 200s in ms as the client saw them and as the
     * controller timed them, and its wall time.
     */
    record Outcome(int sent, Map<Integer, Integer> statuses, List<Double> latenciesMillis,
                   List<Double> serverMillis, int failed, Duration sending, Duration total, int lateSends) {

        double achievedPerSecond() {
            return statuses.getOrDefault(200, 0) / (total.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format("%d requests sent in %.1f s, all answered after %.1f s: %.0f OK/s; statuses %s, "
                            + "%d failed; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; in the controller"
                            + " (Server-Timing) p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d sends more than 10 ms late",
                    sent, sending.toNanos() / 1e9, total.toNanos() / 1e9, achievedPerSecond(), statuses, failed,
                    percentile(latenciesMillis, 50), percentile(latenciesMillis, 99), percentile(latenciesMillis, 100),
                    percentile(serverMillis, 50), percentile(serverMillis, 99), percentile(serverMillis, 100),
                    lateSends);
        }

        private static double percentile(List<Double> millis, double p) {
            return millis.isEmpty() ? Double.NaN : LatencySeries.percentile(millis, p);
        }
    }

    private RateDriver() {
    }

    /** Request {@code i} (0, 1, ...) is {@code request.apply(i)}, sent at {@code i / perSecond} s after start. */
    static Outcome run(int perSecond, Duration duration, int inFlight,
                       IntFunction<CompletableFuture<KeepAliveClient.Answer>> request) throws InterruptedException {
        int total = (int) (perSecond * duration.toMillis() / 1000);
        Semaphore slots = new Semaphore(inFlight);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>(total));
        List<Double> inController = Collections.synchronizedList(new ArrayList<>(total));
        Map<Integer, Integer> statuses = Collections.synchronizedMap(new TreeMap<>());
        int[] failed = {0};
        int late = 0;
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / perSecond;
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            slots.acquire();
            long sent = System.nanoTime();
            if (sent - due > 10_000_000L) {
                late++;
            }
            request.apply(i).whenComplete((response, error) -> {
                double millis = (System.nanoTime() - sent) / 1e6;
                if (error != null) {
                    synchronized (failed) {
                        failed[0]++;
                    }
                } else {
                    statuses.merge(response.status(), 1, Integer::sum);
                    if (response.status() == 200) {
                        latencies.add(millis);
                        ServerTiming.changeMillis(Optional.ofNullable(response.headers().get("server-timing")))
                                .ifPresent(inController::add);
                    }
                }
                slots.release();
            });
        }
        long sendingEnd = System.nanoTime();
        if (!slots.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
            throw new AssertionError("requests still unanswered 60 s after the last was sent");
        }
        long end = System.nanoTime();
        synchronized (failed) {
            return new Outcome(total, Map.copyOf(statuses), List.copyOf(latencies), List.copyOf(inController), failed[0],
                    Duration.ofNanos(sendingEnd - start), Duration.ofNanos(end - start), late);
        }
    }
}
