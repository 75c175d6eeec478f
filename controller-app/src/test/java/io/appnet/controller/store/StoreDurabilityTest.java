package io.appnet.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 trials against the real store in a child JVM ({@link CrashWriter}): churn, a few acknowledged writes,
 * SIGKILL at a random 0-500 ms after one of them, reopen. Every acknowledged write must be there, and the store must
 * hold exactly the result of some prefix of the writes: nothing lost, nothing half applied. The trials follow each
 * other on one store, so later ones run against a file that has been through earlier kills.
 * <p>
 * {@code -Dappnet.durability.trials=N} (default 8; {@code -Pdurability} runs 100), {@code -Dappnet.durability.churn}
 * (500 policies added and removed before each kill), {@code -Dappnet.durability.seed} to replay a failure.
 */
class StoreDurabilityTest {
    private static final int TRIALS = Integer.getInteger("appnet.durability.trials", 8);
    private static final int CHURN = Integer.getInteger("appnet.durability.churn", 500);
    private static final long SEED = Long.getLong("appnet.durability.seed", new Random().nextLong());
    private static final String KIND = System.getProperty("appnet.durability.store", "sqlite");
    private static final long WRITER_TIMEOUT_SECONDS = 60;

    @TempDir
    Path directory;

    static ControllerStore open(String kind, Path directory) {
        return switch (kind) {
            case "sqlite" -> SqliteStore.open(directory);
            case "sqlite-fsync" -> SqliteStore.open(directory, SqliteStore.Sync.POWER_LOSS);
            default -> throw new IllegalArgumentException("unknown store kind " + kind);
        };
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9AndNoWriteIsHalfApplied() throws Exception {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        for (int trial = 1; trial <= TRIALS; trial++) {
            CrashWorkload workload = new CrashWorkload(SEED + trial, trial, CHURN);
            List<StoreWrite> writes = workload.writes();
            StoredState start = load();
            int killAfterAck = 2 * CHURN + 1 + random.nextInt(writes.size() - 2 * CHURN);
            int delayMillis = random.nextInt(501);

            int acked = runAndKill(workload, killAfterAck, delayMillis);

            StoredState found = load();
            int survived = CrashWorkload.prefixMatching(start, writes, found, acked);
            if (survived < 0) {
                int lostTo = CrashWorkload.prefixMatching(start, writes, found, 0);
                failures.add("trial " + trial + ": killed " + delayMillis + " ms after ack " + killAfterAck + " of "
                        + writes.size() + ", " + acked + " acknowledged; the store holds "
                        + (lostTo < 0 ? "no prefix of the writes (half applied)" : "only the first " + lostTo));
            }
        }
        assertThat(failures).as("%s store, %d trials, seed %d (-Dappnet.durability.seed=%d replays them)",
                KIND, TRIALS, SEED, SEED).isEmpty();
    }

    private StoredState load() {
        try (ControllerStore store = open(KIND, directory)) {
            return store.load();
        }
    }

    /** Starts the writer, kills it {@code delayMillis} after it acknowledged write {@code ack}; the acks seen. */
    private int runAndKill(CrashWorkload workload, int ack, int delayMillis) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), directory.toString(),
                Long.toString(workload.seed()), Integer.toString(workload.trial()), Integer.toString(workload.churn()),
                KIND).redirectErrorStream(true).start();
        // A writer that hangs must not hang the build: killed after a minute, its output ends and the trial fails.
        CompletableFuture.delayedExecutor(WRITER_TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(child::destroyForcibly);
        try {
            BufferedReader output = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int acked = readUntilAck(output, ack);
            Thread.sleep(delayMillis);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor()).isEqualTo(137);
            while (output.ready()) { // acks already in the pipe were sent before the kill
                String line = output.readLine();
                if (line != null && line.startsWith("ack ")) {
                    acked = Integer.parseInt(line.substring(4));
                }
            }
            return acked;
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    private static int readUntilAck(BufferedReader output, int ack) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.equals("ack " + ack)) {
                return ack;
            }
            if (!line.startsWith("ack ") && !line.equals("opened")) {
                seen.append(line).append('\n');
            }
        }
        throw new AssertionError("the writer ended before ack " + ack + ":\n" + seen);
    }
}
