package io.appnet.controller.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Run in a child JVM by {@link SqliteStoreTest}: commits one write, says so, and waits to be killed. */
public final class StoreWriter {

    private StoreWriter() {
    }

    public static void main(String[] args) throws InterruptedException {
        SqliteStore store = SqliteStore.open(Path.of(args[0]));
        store.commit(StoreWrite.none().withApps(Map.of("web", 1, "api", 2))
                .addingPolicies(List.of(new StoredPolicy(1, "web", "api", "tcp", 8080, 8080))));
        System.out.println("committed");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
