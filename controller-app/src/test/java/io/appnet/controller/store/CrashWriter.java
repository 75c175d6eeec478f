package io.appnet.controller.store;

import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link StoreDurabilityTest}: opens the store, makes one trial's writes of a
 * {@link CrashWorkload}, printing {@code ack N} as soon as the N-th commit has returned (what the REST API's
 * 200 would be), then waits to be killed.
 * <p>
 * Arguments: store directory, seed, trial, churn, store kind ({@code sqlite}, or {@code sqlite-fsync} for {@link SqliteStore.Sync#POWER_LOSS}).
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws InterruptedException {
        CrashWorkload workload = new CrashWorkload(Long.parseLong(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
        ControllerStore store = StoreDurabilityTest.open(args[4], Path.of(args[0]));
        List<StoreWrite> writes = workload.writes();
        System.out.println("opened");
        System.out.flush();
        for (int i = 0; i < writes.size(); i++) {
            Thread.sleep(workload.gapMillisBefore(i));
            store.commit(writes.get(i));
            System.out.println("ack " + (i + 1));
            System.out.flush();
        }
        System.out.println("idle");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
