package io.appnet.controller.topology;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart hold in one place. After a restart a switch may be reconciled only against a model that holds
 * every flow live traffic uses, or the reconcile would delete them. The model is restored with every host's last
 * known topology (its instances), so a host is released as soon as it has reported itself (its own ports may have
 * changed while the controller was down); only the hosts whose part of the model is not restored are
 * <em>awaited</em> by every host: hosts without a stored topology (joined before the store kept it) and egress
 * gateways (a gateway's role is not restored, and every host's egress flows depend on the gateways). Once the
 * awaited have reported, each host is released when it reports; after the settle timeout every switch is
 * reconciled anyway. {@link Releases#opened} runs once, when the awaited have all reported or the timeout passed.
 */
public final class SettleGate implements AutoCloseable {
    // Logged as the topology, where operators have always read these lines.
    private static final Logger LOG = LoggerFactory.getLogger(TopologyService.class);

    /** What the gate lets go. */
    public interface Releases {
        /** The host's switch may be reconciled from now on. */
        void host(String hostId);

        /** The awaited hosts have all reported ({@code timedOut} false), or the timeout passed (true). */
        void opened(boolean timedOut);
    }

    private final Set<String> awaited = new TreeSet<>(); // guarded by this
    private final Set<String> reported = new LinkedHashSet<>(); // guarded by this
    private final Releases releases;
    private boolean opened; // guarded by this
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "appnet-topology-settle");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Every host awaits all of {@code knownHosts}; {@code open} runs once they have all reported or the timeout
     * has passed (and should then release every switch).
     */
    public SettleGate(Collection<String> knownHosts, Duration timeout, Runnable open) {
        this(knownHosts, timeout, new Releases() {
            @Override
            public void host(String hostId) {
            }

            @Override
            public void opened(boolean timedOut) {
                open.run();
            }
        });
    }

    public SettleGate(Collection<String> awaited, Duration timeout, Releases releases) {
        this.releases = releases;
        this.awaited.addAll(awaited);
        if (this.awaited.isEmpty()) {
            opened = true;
            releases.opened(false);
        } else {
            LOG.info("waiting up to {} s for {} hosts before reconciling any switch: {}", timeout.toSeconds(),
                    this.awaited.size(), this.awaited);
            timer.schedule(this::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** True until every awaited host has reported or the timeout has passed. */
    public synchronized boolean isHolding() {
        return !opened;
    }

    /** The host's snapshot has been handled (joined or not). */
    public synchronized void reported(String hostId) {
        if (opened) {
            if (reported.add(hostId)) {
                releases.host(hostId);
            }
            return;
        }
        reported.add(hostId);
        if (awaited.remove(hostId) && awaited.isEmpty()) {
            opened = true;
            LOG.info("every awaited host has reported; reconciling the switches of the {} hosts that have",
                    reported.size());
            reported.forEach(releases::host);
            releases.opened(false);
        }
    }

    private synchronized void timedOut() {
        if (!opened) {
            opened = true;
            LOG.warn("hosts {} have not reported within the settle timeout; reconciling switches anyway", awaited);
            releases.opened(true);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
