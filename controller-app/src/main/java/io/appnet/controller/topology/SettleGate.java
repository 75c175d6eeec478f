package io.appnet.controller.topology;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart hold in one place. After a restart the model lacks every host's instances until that host has
 * reported, and a reconcile against such a model would delete flows that live traffic uses; so switches are
 * reconciled only once every host the store knows has reported, or the settle timeout has passed, whichever
 * comes first. {@code open} (the programmer's release) runs once, at once when no host is awaited.
 */
public final class SettleGate implements AutoCloseable {
    // Logged as the topology, where operators have always read these lines.
    private static final Logger LOG = LoggerFactory.getLogger(TopologyService.class);

    private final Set<String> awaited = ConcurrentHashMap.newKeySet();
    private final Runnable open;
    private final AtomicBoolean opened = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "appnet-topology-settle");
        thread.setDaemon(true);
        return thread;
    });

    public SettleGate(Collection<String> knownHosts, Duration timeout, Runnable open) {
        this.open = open;
        awaited.addAll(knownHosts);
        if (awaited.isEmpty()) {
            opened.set(true);
            open.run();
        } else {
            LOG.info("waiting up to {} s for {} known hosts before reconciling switches: {}", timeout.toSeconds(),
                    awaited.size(), new TreeSet<>(awaited));
            timer.schedule(this::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** True until every known host has reported or the timeout has passed. */
    public boolean isHolding() {
        return !opened.get();
    }

    /** The host's snapshot has been handled (joined or not). */
    public void reported(String hostId) {
        if (awaited.remove(hostId) && awaited.isEmpty() && opened.compareAndSet(false, true)) {
            LOG.info("every known host has reported; reconciling switches");
            open.run();
        }
    }

    private void timedOut() {
        if (opened.compareAndSet(false, true)) {
            LOG.warn("hosts {} have not reported within the settle timeout; reconciling switches anyway",
                    new TreeSet<>(awaited));
            open.run();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
