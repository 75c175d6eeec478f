package io.appnet.controller.programmer;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchService;
import io.appnet.openflow.connection.OfConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every bound switch equal to the compiled network. A change is compiled into deltas, which go only
 * to the switches they affect, each through its own {@link SwitchSync} (one slow, failed or offline switch
 * never holds the others). A switch that connects is reconciled, unless reconciles are held: after a
 * controller restart the model is incomplete until every known host has reported its instances, and a
 * reconcile against an incomplete model would delete flows that live traffic uses.
 */
public final class NetworkProgrammer implements SwitchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkProgrammer.class);

    /** Persists what a change does before it takes effect; throwing refuses the change. */
    @FunctionalInterface
    public interface Commit {
        void accept(Network before, Network after);
    }

    private final FlowCompiler compiler;
    private final SwitchService switches;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "appnet-switch-retries");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, HostId> hostByDatapath = new ConcurrentHashMap<>();
    private final Map<HostId, Long> datapathByHost = new ConcurrentHashMap<>();
    private final Map<HostId, SwitchSync> syncs = new ConcurrentHashMap<>();
    private volatile boolean reconcilesHeld;
    private CompiledNetwork compiled; // guarded by this

    public NetworkProgrammer(FlowCompiler compiler, SwitchService switches, Network network) {
        this(compiler, switches, network, false);
    }

    public NetworkProgrammer(FlowCompiler compiler, SwitchService switches, Network network, boolean holdReconciles) {
        this.compiler = compiler;
        this.switches = switches;
        this.compiled = compiler.compile(network);
        this.reconcilesHeld = holdReconciles;
    }

    /**
     * Says which host's tables the switch of {@code datapathId} runs (the host must be in the model) and
     * reconciles it if it is connected and reconciles are not held.
     */
    public CompletableFuture<FlowDiff> bind(HostId host, long datapathId) {
        SwitchSync sync;
        synchronized (this) {
            DatapathTables tables = compiled.tablesOf(host);
            Long previous = datapathByHost.put(host, datapathId);
            if (previous != null && previous != datapathId) {
                hostByDatapath.remove(previous);
            }
            hostByDatapath.put(datapathId, host);
            sync = syncs.computeIfAbsent(host, h -> new SwitchSync(h, new SwitchProgrammer(tables), timer));
        }
        Optional<OfConnection> connection = switches.connection(datapathId);
        if (reconcilesHeld || connection.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return sync.connected(connection.get());
    }

    /** Forgets a host's switch (the host left the model); its flows stay on the switch. */
    public synchronized void unbind(HostId host) {
        Long datapath = datapathByHost.remove(host);
        if (datapath != null) {
            hostByDatapath.remove(datapath, host);
        }
        syncs.remove(host);
    }

    /**
     * Re-reads every in-sync switch each {@code interval} and repairs drift: a flow deleted or changed by
     * hand comes back, a foreign flow is reported (a reconcile that finds nothing to do sends nothing).
     */
    public void auditEvery(Duration interval) {
        if (interval.isZero()) {
            return;
        }
        timer.scheduleWithFixedDelay(() -> syncs.values().forEach(sync -> {
            if (sync.state() == SwitchSync.State.IN_SYNC) {
                sync.audit();
            }
        }), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the hold: every bound, connected switch is reconciled now. */
    public void releaseReconciles() {
        if (!reconcilesHeld) {
            return;
        }
        reconcilesHeld = false;
        datapathByHost.forEach((host, datapath) -> switches.connection(datapath)
                .ifPresent(connection -> syncs.get(host).connected(connection)));
    }

    public boolean reconcilesHeld() {
        return reconcilesHeld;
    }

    public synchronized CompiledNetwork compiled() {
        return compiled;
    }

    public Optional<SwitchSync> sync(HostId host) {
        return Optional.ofNullable(syncs.get(host));
    }

    public Optional<SwitchProgrammer> programmer(HostId host) {
        return sync(host).map(SwitchSync::programmer);
    }

    public Optional<Long> datapathOf(HostId host) {
        return Optional.ofNullable(datapathByHost.get(host));
    }

    public CompletableFuture<Void> apply(Change change) {
        return apply(List.of(change), (before, after) -> {
        });
    }

    /**
     * Applies the changes as one: compiles them, lets {@code commit} persist the result (if it throws,
     * nothing changes), and sends each affected switch its delta. A refused change throws
     * {@link io.appnet.compiler.model.ModelException} and changes nothing. The future completes when every
     * affected switch that is in sync has acknowledged its delta with a barrier, or exceptionally with the
     * first switch's failure (the others still proceed, and a failed switch is retried).
     */
    public CompletableFuture<Void> apply(List<? extends Change> changes, Commit commit) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        synchronized (this) {
            Update update = compiler.updateAll(compiled, changes);
            commit.accept(compiled.network(), update.compiled().network());
            compiled = update.compiled();
            // Enqueued under the lock, so every switch gets its deltas in the order of the updates.
            for (Map.Entry<HostId, DatapathDelta> entry : update.deltas().entrySet()) {
                SwitchSync sync = syncs.get(entry.getKey());
                Optional<DatapathTables> tables = compiled.tables(entry.getKey());
                if (sync != null && tables.isPresent()) {
                    sent.add(sync.apply(entry.getValue(), tables.get()));
                }
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    @Override
    public void switchUp(OfConnection connection) {
        HostId host = hostByDatapath.get(connection.datapathId());
        if (host == null) {
            LOG.info("switch {} is not bound to a host yet; left alone", Long.toHexString(connection.datapathId()));
            return;
        }
        if (!reconcilesHeld) {
            syncs.get(host).connected(connection);
        }
    }

    @Override
    public void switchDown(long datapathId, String reason) {
        HostId host = hostByDatapath.get(datapathId);
        SwitchSync sync = host == null ? null : syncs.get(host);
        if (sync != null) {
            sync.disconnected();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
