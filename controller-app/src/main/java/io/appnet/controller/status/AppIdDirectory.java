package io.appnet.controller.status;

import io.appnet.compiler.model.Network;
import io.appnet.controller.egress.EgressAddresses;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The current {@link AppIdTable}, rebuilt only when the network or the per-app addresses changed, and a long poll:
 * {@link #awaitChange} returns as soon as the table's ETag differs from the caller's, or after the wait (at most
 * {@link #MAX_WAIT}). At most {@link #MAX_WAITERS} callers wait at once; others are answered at once. Each waiter
 * looks again every {@value #POLL_MILLIS} ms.
 */
public final class AppIdDirectory {
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);
    public static final int MAX_WAITERS = 32;
    static final long POLL_MILLIS = 50;

    private final Supplier<Network> network;
    private final Supplier<EgressAddresses> addresses;
    private final Semaphore waiters = new Semaphore(MAX_WAITERS);
    private Network builtFrom; // guarded by this
    private EgressAddresses builtWith; // guarded by this
    private AppIdTable table; // guarded by this

    public AppIdDirectory(Supplier<Network> network, Supplier<EgressAddresses> addresses) {
        this.network = network;
        this.addresses = addresses;
    }

    public synchronized AppIdTable current() {
        Network now = network.get();
        EgressAddresses with = addresses.get();
        if (table == null || now != builtFrom || !with.equals(builtWith)) {
            AppIdTable next = AppIdTable.of(now, with);
            table = table != null && table.etag().equals(next.etag()) ? table : next;
            builtFrom = now;
            builtWith = with;
        }
        return table;
    }

    /** The table once its ETag is not {@code etag}, or the current one after {@code wait} (capped). */
    public AppIdTable awaitChange(String etag, Duration wait) throws InterruptedException {
        AppIdTable now = current();
        if (!now.etag().equals(etag) || wait.isZero() || wait.isNegative() || !waiters.tryAcquire()) {
            return now;
        }
        try {
            long deadline = System.nanoTime() + (wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait).toNanos();
            while (now.etag().equals(etag) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
                now = current();
            }
            return now;
        } finally {
            waiters.release();
        }
    }
}
