package io.appnet.controller.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What a durable commit costs (issue 14): one policy added, then removed, per commit, into a store already
 * holding 10,000 policies, with {@link SqliteStore.Sync#PROCESS_CRASH} (the default) and with
 * {@link SqliteStore.Sync#POWER_LOSS} (store.fsync = true), the two alternating round by round on the same disk
 * so that both see the same machine. Not a test:
 * {@code mvn -B -ntp -pl controller-app -am -Pbench-store verify -DskipTests [-Dbench.runs=5]}.
 */
public final class StoreCommitBenchmark {
    private static final int LOADED = 10_000;
    private static final int COMMITS = 1_000;

    private StoreCommitBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0].replace("--runs=", "")) : 5;
        System.out.printf("store commit of one policy row, %,d policies loaded, %,d commits a run, %d runs each%n",
                LOADED, COMMITS, runs);
        List<List<Double>> medians = List.of(new ArrayList<>(), new ArrayList<>());
        for (int run = 1; run <= runs; run++) {
            for (SqliteStore.Sync sync : SqliteStore.Sync.values()) {
                List<Double> millis = commits(sync);
                millis.sort(Comparator.naturalOrder());
                double p50 = percentile(millis, 50);
                medians.get(sync.ordinal()).add(p50);
                System.out.printf("run %d  %-13s p50 %.3f ms  p99 %.3f ms  max %.3f ms%n", run, sync, p50,
                        percentile(millis, 99), millis.get(millis.size() - 1));
            }
        }
        medians.forEach(list -> list.sort(Comparator.naturalOrder()));
        double processCrash = percentile(medians.get(0), 50);
        double powerLoss = percentile(medians.get(1), 50);
        System.out.printf("median of p50s: PROCESS_CRASH %.3f ms, POWER_LOSS %.3f ms (x%.1f)%n", processCrash, powerLoss,
                powerLoss / processCrash);
    }

    private static List<Double> commits(SqliteStore.Sync sync) throws IOException {
        Path directory = Files.createTempDirectory("appnet-store-bench");
        try (SqliteStore store = SqliteStore.open(directory, sync)) {
            List<StoredPolicy> loaded = new ArrayList<>();
            for (int i = 1; i <= LOADED; i++) {
                loaded.add(policy(i));
            }
            store.commit(StoreWrite.none().addingPolicies(loaded));
            return addAndRemove(store, COMMITS, i -> policy(LOADED + 1 + i));
        } finally {
            delete(directory);
        }
    }

    /** Times in ms of {@code commits} one-row commits: policy i added, then removed again, alternately. */
    public static List<Double> addAndRemove(ControllerStore store, int commits, IntFunction<StoredPolicy> policy) {
        List<Double> millis = new ArrayList<>(commits);
        for (int i = 0; i < commits / 2; i++) {
            StoredPolicy row = policy.apply(i);
            long started = System.nanoTime();
            store.commit(StoreWrite.none().addingPolicies(List.of(row)));
            millis.add((System.nanoTime() - started) / 1e6);
            started = System.nanoTime();
            store.commit(StoreWrite.none().removingPolicies(Set.of(row.id())));
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return millis;
    }

    private static StoredPolicy policy(long id) {
        return new StoredPolicy(id, "app-" + id % 100, "app-" + id % 97, "tcp", 8080, 8080);
    }

    private static double percentile(List<Double> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static void delete(Path directory) {
        try (var files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
