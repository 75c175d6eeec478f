package io.appnet.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's disk fills up: the write that does not fit is refused as unavailable and leaves nothing behind,
 * everything acknowledged before stays, and writes succeed again once there is space. A real file system that
 * fills (a 1 MiB tmpfs), so root is needed (tagged with the tests that need root).
 */
@Tag("ovs")
class StoreDiskFullTest {

    @TempDir
    Path mountPoint;

    @Test
    void aFullDiskRefusesTheWriteWholeAndServiceResumesWhenSpaceReturns() throws Exception {
        run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "appnet-store-test", mountPoint.toString());
        try {
            Path directory = mountPoint.resolve("appnet");
            List<StoredPolicy> acknowledged = new ArrayList<>();
            try (SqliteStore store = SqliteStore.open(directory)) {
                StoreUnavailableException full = null;
                for (int batch = 0; full == null; batch++) {
                    List<StoredPolicy> policies = batch(batch);
                    try {
                        store.commit(StoreWrite.none().withApps(Map.of("app-" + batch, batch + 1))
                                .addingPolicies(policies));
                        acknowledged.addAll(policies);
                    } catch (StoreUnavailableException e) {
                        full = e;
                    }
                }
                assertThat(full).hasMessageContaining("the store in " + directory + " could not save the change: ")
                        .hasMessageContaining("full");
                assertThat(store.load().policies()).containsExactlyElementsOf(acknowledged);
                // The refused batch left no row behind: had any part of it been committed, this commit of the
                // same batch would now fail on its primary key.
                int refused = acknowledged.size() / 50;
                run("mount", "-o", "remount,size=64m", mountPoint.toString());
                store.commit(StoreWrite.none().withApps(Map.of("app-" + refused, refused + 1))
                        .addingPolicies(batch(refused)));
                acknowledged.addAll(batch(refused));
            }
            try (SqliteStore reopened = SqliteStore.open(directory)) {
                assertThat(reopened.load().policies()).containsExactlyElementsOf(acknowledged);
                assertThat(reopened.load().appIds()).hasSize(acknowledged.size() / 50);
            }
        } finally {
            run("umount", mountPoint.toString());
        }
    }

    /** 50 policies with long names, so that a few dozen batches fill a megabyte. */
    private static List<StoredPolicy> batch(int batch) {
        List<StoredPolicy> policies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long id = batch * 50L + i + 1;
            policies.add(new StoredPolicy(id, "source-" + "s".repeat(100) + id, "destination-" + "d".repeat(100),
                    "tcp", 8080, 8080));
        }
        return policies;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
