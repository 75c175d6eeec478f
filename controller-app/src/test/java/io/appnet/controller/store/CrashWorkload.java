package io.appnet.controller.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The writes of one kill -9 trial, the same in the child that makes them ({@link CrashWriter}) and in the test that
 * checks what survived ({@link StoreDurabilityTest}): first churn, one policy added per commit and then removed
 * again (which leaves free space in the store file, as real churn does), then a few mixed writes (new apps, a
 * lease, a batch of policies, removals) that the kill lands among or after. Trial {@code t} names and numbers
 * everything it writes within its own range, so trials can follow each other on one store.
 */
record CrashWorkload(long seed, int trial, int churn) {
    private static final int MAX_FINAL_WRITES = 4;
    private static final int MAX_GAP_MILLIS = 50;

    List<StoreWrite> writes() {
        Random random = new Random(seed);
        List<StoreWrite> writes = new ArrayList<>();
        long policyId = trial * 1_000_000L;
        for (int i = 0; i < churn; i++) {
            writes.add(StoreWrite.none().addingPolicies(List.of(policy(policyId + i, "churn", "churn"))));
        }
        for (int i = 0; i < churn; i++) {
            writes.add(StoreWrite.none().removingPolicies(Set.of(policyId + i)));
        }
        policyId += churn;
        List<Long> kept = new ArrayList<>();
        int finals = 1 + random.nextInt(MAX_FINAL_WRITES);
        for (int w = 0; w < finals; w++) {
            String app = "t" + trial + "-app" + w;
            StoreWrite write = StoreWrite.none().withApps(Map.of(app, trial * MAX_FINAL_WRITES + w + 1));
            if (random.nextBoolean()) {
                int lease = trial * MAX_FINAL_WRITES + w;
                write = write.withLease("t" + trial + "-h" + w, "10." + (lease >> 8) + "." + (lease & 0xFF) + ".0/24");
            }
            List<StoredPolicy> batch = new ArrayList<>();
            for (int p = 1 + random.nextInt(20); p > 0; p--) {
                batch.add(policy(policyId, app, "t" + trial + "-app0"));
                kept.add(policyId++);
            }
            if (kept.size() > batch.size() && random.nextBoolean()) {
                write = write.removingPolicies(Set.of(kept.remove(0)));
            }
            writes.add(write.addingPolicies(batch));
        }
        return writes;
    }

    /** How long the writer waits before its {@code index}-th write: none during churn, 0-50 ms after it. */
    long gapMillisBefore(int index) {
        return index < 2 * churn ? 0 : new Random(seed ^ index).nextInt(MAX_GAP_MILLIS + 1);
    }

    /**
     * The number of writes, at least {@code from}, whose result {@code found} is, or -1 if it is none of them: an
     * acknowledged write lost, or a write half applied.
     */
    static int prefixMatching(StoredState start, List<StoreWrite> writes, StoredState found, int from) {
        StoreContents contents = new StoreContents(start);
        for (int count = 0; ; count++) {
            if (count >= from && contents.snapshot().equals(found)) {
                return count;
            }
            if (count == writes.size()) {
                return -1;
            }
            contents.check(writes.get(count));
            contents.apply(writes.get(count));
        }
    }

    private static StoredPolicy policy(long id, String source, String destination) {
        return new StoredPolicy(id, source, destination, "tcp", 1000 + (int) (id % 60000), 1000 + (int) (id % 60000));
    }
}
