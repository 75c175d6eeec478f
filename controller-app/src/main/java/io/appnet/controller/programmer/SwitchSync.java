package io.appnet.controller.programmer;

import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.model.HostId;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.OfMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's switch over time. Reconciles and deltas run one after another, in the order they were asked
 * for, so a delta always applies to the tables the previous step left. Deltas go only to a switch known to
 * be in sync; any other switch just takes the new desired tables, which its next reconcile installs. A
 * failed step marks the switch out of sync and schedules a reconcile with exponential backoff while the
 * same connection lives; a new connection reconciles anyway.
 *
 * <p>A switch already in sync is audited without holding its deltas for the read and the diff (on a gateway of
 * 129,000 flows, over a second): in its turn the audit only sends the flow-stats request and keeps the desired
 * tables of that point (the switch answers with its tables as of the request's place in the message stream); the
 * deltas behind it go out meanwhile and are noted; the reply is diffed off the queue, and the repair is a short
 * step in turn again that brings each drifted key to what is desired now ({@link DriftRepair}).
 */
public final class SwitchSync {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchSync.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration MAX_RETRY = Duration.ofSeconds(5);
    /**
     * A timer audit waits at least this many times as long as the switch's last reconcile took, so that audits
     * cost a switch at most 5% of its time: Open vSwitch dumps its flows in its one main thread, and a delta sent
     * meanwhile waits for the dump (a gateway of 129,000 flows: 1-2 s on a loaded machine).
     */
    static final int AUDIT_SPACING = 19;
    /** How old a read ahead of the switch's flows may be when its reconcile starts. */
    static final Duration READ_AHEAD_FRESH = Duration.ofSeconds(2);

    /** How {@link #lastReconcile} starts when a new connection was found in sync by its {@link SyncMarker}. */
    public static final String IN_SYNC_BY_MARKER = "in sync by its sync marker, no dump";

    /** Where the switch stands against its desired tables. */
    public enum State { OFFLINE, RECONCILING, IN_SYNC, OUT_OF_SYNC }

    private final HostId host;
    private final SwitchProgrammer programmer;
    private final ScheduledExecutorService timer;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null); // guarded by this
    private OfConnection reconciledConnection; // guarded by this
    private CompletableFuture<FlowDiff> connectReconcile; // guarded by this
    private volatile OfConnection connection;
    private volatile State state = State.OFFLINE;
    private volatile String lastReconcile = "never";
    private volatile String lastError = "";
    private volatile long nextAuditNanos = System.nanoTime();
    private Duration nextRetry = FIRST_RETRY; // step thread only
    private OfConnection readAheadFor; // guarded by this
    private CompletableFuture<RejoinRead> readAhead; // guarded by this
    private long readAheadNanos; // guarded by this
    private final Executor differ;
    /** Audits whose read is out and whose repair has not run: the deltas sent since each read. */
    private final List<Audit> audits = new CopyOnWriteArrayList<>();
    private volatile boolean markerOnSwitch; // written by steps only: this connection's switch holds a true marker
    private volatile int rejoinsByMarker; // written by steps only

    /** {@code differ} diffs audits' reads: off the queue and off the connection's event loop. */
    public SwitchSync(HostId host, SwitchProgrammer programmer, ScheduledExecutorService timer, Executor differ) {
        this.host = host;
        this.programmer = programmer;
        this.timer = timer;
        this.differ = differ;
    }

    public HostId host() {
        return host;
    }

    public State state() {
        return state;
    }

    public Optional<OfConnection> connection() {
        OfConnection current = connection;
        return current != null && current.isActive() ? Optional.of(current) : Optional.empty();
    }

    public SwitchProgrammer programmer() {
        return programmer;
    }

    /**
     * The summary of the last reconcile that finished, e.g. {@code +3 -1 ~0 flows, 2 foreign, 12 ms}, or of a
     * rejoin by the sync marker ({@link #IN_SYNC_BY_MARKER}{@code , 3 ms}; its audit follows at once).
     */
    public String lastReconcile() {
        return lastReconcile;
    }

    /** How many connections were found in sync by their sync marker, without a flow dump. */
    public int rejoinsByMarker() {
        return rejoinsByMarker;
    }

    /** The last failure to program the switch; empty after a successful reconcile. */
    public String lastError() {
        return lastError;
    }

    /**
     * The switch is (again) connected: reconcile it, after whatever is queued. Binding and the switch-up
     * event may both report one connection; it is reconciled once.
     */
    public synchronized CompletableFuture<FlowDiff> connected(OfConnection current) {
        connection = current;
        if (current != reconciledConnection) {
            reconciledConnection = current;
            connectReconcile = enqueue(() -> rejoin(current));
        }
        return connectReconcile;
    }

    /**
     * The switch is connected but may not be reconciled yet (a restart's hold): reads its sync marker now, and its
     * flows unless the marker matches ({@link RejoinRead}), so the rejoin that follows its release only compares,
     * or diffs and sends. The read is used only by that connection's rejoin, and only within
     * {@link #READ_AHEAD_FRESH} of asking: nothing but an operator changes the switch meanwhile (deltas are not
     * sent to a switch that is not in sync), and an older read is read again.
     */
    public synchronized void readAhead(OfConnection current) {
        if (current != reconciledConnection && current != readAheadFor) {
            readAheadFor = current;
            readAheadNanos = System.nanoTime();
            readAhead = RejoinRead.of(current, programmer);
        }
    }

    /** The read ahead for {@code current} if it is fresh and did not fail; either way it is used up. */
    private synchronized Optional<CompletableFuture<RejoinRead>> takeReadAhead(OfConnection current) {
        CompletableFuture<RejoinRead> read = readAhead;
        boolean usable = read != null && readAheadFor == current && !read.isCompletedExceptionally()
                && System.nanoTime() - readAheadNanos < READ_AHEAD_FRESH.toNanos();
        readAhead = null;
        return usable ? Optional.of(read) : Optional.empty();
    }

    /** Forces a reconcile of the current connection (an operator's sync, or a retry). */
    public CompletableFuture<FlowDiff> resync() {
        return reconcileCurrent(false);
    }

    /**
     * A reconcile that logs only if it had something to repair or report; one at a time, and none (null) until
     * {@link #AUDIT_SPACING} times the last reconcile's length has passed since it ended.
     */
    public CompletableFuture<FlowDiff> audit() {
        for (Audit audit : audits) {
            if (audit.quietIfClean) {
                return audit.result;
            }
        }
        if (System.nanoTime() - nextAuditNanos < 0) {
            return CompletableFuture.completedFuture(null);
        }
        return reconcileCurrent(true);
    }

    /** In its turn: an audit if the switch is in sync, else a reconcile that holds the queue until it ends. */
    private CompletableFuture<FlowDiff> reconcileCurrent(boolean quietIfClean) {
        OfConnection current = connection;
        if (current == null || !current.isActive()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<FlowDiff> result = new CompletableFuture<>();
        enqueue(() -> {
            if (state == State.IN_SYNC && connection == current && current.isActive()) {
                startAudit(current, quietIfClean, result);
                return CompletableFuture.completedFuture(null);
            }
            return reconcile(current, quietIfClean, () -> SwitchProgrammer.readFlows(current)).whenComplete((diff, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(diff);
                }
            });
        });
        return result;
    }

    /**
     * Step: sends the flow-stats request and returns; the reply is diffed against the desired tables of this
     * point off the queue, then {@link #repair} runs in its turn. Completes {@code result} with the drift found,
     * or null if it was not repaired (see there).
     */
    private void startAudit(OfConnection current, boolean quietIfClean, CompletableFuture<FlowDiff> result) {
        long started = System.nanoTime();
        Audit audit = new Audit(quietIfClean, result);
        audits.add(audit);
        var wanted = programmer.desiredNow();
        SwitchProgrammer.readFlows(current)
                .thenApplyAsync(held -> programmer.drift(current, wanted, held), differ)
                .whenComplete((drift, failure) -> {
                    if (failure != null) {
                        audits.remove(audit);
                        failed(current, "audit", failure);
                        result.completeExceptionally(failure);
                    } else {
                        enqueue(() -> repair(current, audit, drift, started));
                    }
                });
    }

    /**
     * Step: sends what brings the audit's drifted keys to what is desired now. Nothing if the switch has left
     * sync or been reconciled since the read: that reconcile, or the next, covers it; an operator's request is
     * then read again, the timer's audit waits for its next turn.
     */
    private CompletableFuture<FlowDiff> repair(OfConnection current, Audit audit, FlowDiff drift, long started) {
        audits.remove(audit);
        if (audit.superseded || state != State.IN_SYNC || connection != current || !current.isActive()) {
            if (!audit.quietIfClean && connection == current && current.isActive()) {
                timer.execute(() -> reconcileCurrent(false).whenComplete((again, failure) -> { // not from a step
                    if (failure != null) {
                        audit.result.completeExceptionally(failure);
                    } else {
                        audit.result.complete(again);
                    }
                }));
            } else {
                audit.result.complete(null);
            }
            return CompletableFuture.completedFuture(null);
        }
        return programmer.repair(current, DriftRepair.repairs(drift.mods(), audit.deltasSinceRead))
                .thenApply(done -> drift)
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        failed(current, "audit's repair", failure);
                        audit.result.completeExceptionally(failure);
                    } else {
                        reconciled(current, drift, started, audit.quietIfClean);
                        audit.result.complete(drift);
                    }
                });
    }

    /** The audits in flight will not repair: the desired tables changed other than by a noted delta. */
    private void supersedeAudits() {
        audits.forEach(audit -> audit.superseded = true);
    }

    /** The switch went away; a newer connection, if one is already up, is not affected. */
    public void disconnected() {
        OfConnection current = connection;
        if (current == null || !current.isActive()) {
            state = State.OFFLINE;
        }
        synchronized (this) {
            readAhead = null;
        }
    }

    /**
     * Makes {@code tables} desired and sends {@code delta} if the switch is in sync; the first delta after a sync
     * marker deletes the marker in its bundle.
     */
    public CompletableFuture<Void> apply(DatapathDelta delta, DatapathTables tables) {
        return enqueue(() -> {
            audits.forEach(audit -> audit.deltasSinceRead.add(delta));
            OfConnection current = connection;
            if (state != State.IN_SYNC || current == null || !current.isActive()) {
                programmer.setDesired(tables, delta);
                return CompletableFuture.completedFuture(null);
            }
            return programmer.apply(current, delta, tables, markerOnSwitch).whenComplete((done, failure) -> {
                if (failure != null) {
                    failed(current, "delta of " + delta.mods().size() + " flow-mods", failure);
                } else {
                    markerOnSwitch = false;
                }
            });
        });
    }

    /**
     * Writes the sync marker if the switch is in sync once every step queued before has finished (a graceful
     * stop): completes with whether it was written.
     */
    public CompletableFuture<Boolean> writeMarker() {
        return enqueue(() -> {
            OfConnection current = connection;
            if (state != State.IN_SYNC || current == null || !current.isActive()) {
                return CompletableFuture.completedFuture(false);
            }
            return programmer.writeMarker(current).thenApply(written -> {
                markerOnSwitch = true;
                return true;
            });
        });
    }

    /** Makes {@code tables} desired without sending anything (the host's switch is not bound yet). */
    public void setDesired(DatapathTables tables) {
        enqueue(() -> {
            supersedeAudits();
            programmer.setDesired(tables);
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * A new connection: if the switch's sync marker carries the desired tables' digest, it is in sync without a
     * dump, and audited at once (in case someone changed it while no controller ran); else it is reconciled.
     */
    private CompletableFuture<FlowDiff> rejoin(OfConnection current) {
        if (!current.isActive() || connection != current) {
            return CompletableFuture.completedFuture(null);
        }
        state = State.RECONCILING;
        supersedeAudits();
        markerOnSwitch = false;
        long started = System.nanoTime();
        CompletableFuture<RejoinRead> read = takeReadAhead(current).orElseGet(() -> RejoinRead.of(current, programmer));
        return read.handle((found, failure) -> {
            if (failure != null) {
                failed(current, "reconcile", failure);
                return CompletableFuture.<FlowDiff>failedFuture(failure);
            }
            if (!found.markerCarries(programmer.desiredDigest())) {
                return reconcile(current, false, () -> found.flows().map(CompletableFuture::completedFuture)
                        .orElseGet(() -> SwitchProgrammer.readFlows(current)));
            }
            markerOnSwitch = true;
            rejoinsByMarker++;
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            lastReconcile = IN_SYNC_BY_MARKER + ", " + millis + " ms at " + Instant.now();
            lastError = "";
            nextRetry = FIRST_RETRY;
            if (connection == current) {
                state = State.IN_SYNC;
            }
            LOG.info("switch {} (host {}) is in sync by its sync marker (no flow dump), {} ms; auditing it",
                    Long.toHexString(current.datapathId()), host, millis);
            reconcileCurrent(true); // in sync now, so an audit that holds no delta back
            return CompletableFuture.completedFuture(new FlowDiff(List.of(), List.of()));
        }).thenCompose(step -> step);
    }

    private CompletableFuture<FlowDiff> reconcile(OfConnection current, boolean quietIfClean,
                                                  Supplier<CompletableFuture<List<FlowStats>>> flows) {
        if (!current.isActive() || connection != current) {
            return CompletableFuture.completedFuture(null);
        }
        if (!quietIfClean) {
            state = State.RECONCILING; // an audit leaves a switch in sync as it is, unless it fails
        }
        supersedeAudits(); // this reconcile covers what they would repair
        long started = System.nanoTime();
        return programmer.reconcile(current, flows.get(), markerOnSwitch).whenComplete((diff, failure) -> {
            if (failure != null) {
                failed(current, "reconcile", failure);
                return;
            }
            reconciled(current, diff, started, quietIfClean);
        });
    }

    /** Records a reconcile or audit that ended well; the switch is in sync if still on that connection. */
    private void reconciled(OfConnection current, FlowDiff diff, long started, boolean quietIfClean) {
        long now = System.nanoTime();
        nextAuditNanos = now + AUDIT_SPACING * (now - started);
        long millis = TimeUnit.NANOSECONDS.toMillis(now - started);
        lastReconcile = diff.summary() + ", " + millis + " ms at " + Instant.now();
        lastError = "";
        nextRetry = FIRST_RETRY;
        if (connection == current) {
            state = State.IN_SYNC;
        }
        if (!quietIfClean || !diff.isEmpty() || !diff.foreign().isEmpty()) {
            LOG.info("switch {} (host {}) reconciled: {}, {} ms", Long.toHexString(current.datapathId()), host,
                    diff.summary(), millis);
        }
    }

    private void failed(OfConnection current, String step, Throwable failure) {
        lastError = step + " failed: " + SwitchProgrammer.describe(failure);
        if (connection != current || !current.isActive()) {
            return; // the next connection reconciles from scratch
        }
        state = State.OUT_OF_SYNC;
        Duration delay = nextRetry;
        nextRetry = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
        LOG.warn("switch {} (host {}): {}; reconciling again in {} ms", Long.toHexString(current.datapathId()),
                host, lastError, delay.toMillis());
        timer.schedule(() -> {
            if (connection == current && current.isActive()) {
                resync();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends one message that is not a flow-mod (made with the connection's next xid), in order with the deltas,
     * then a barrier; nothing is sent while the switch is not connected.
     */
    public CompletableFuture<Void> send(IntFunction<OfMessage> message) {
        return enqueue(() -> {
            OfConnection current = connection;
            if (current == null) {
                return CompletableFuture.completedFuture(null);
            }
            return current.send(message.apply(current.nextXid())).thenCompose(sent -> current.barrier())
                    .thenApply(reply -> null);
        });
    }

    /** Runs {@code step} after every step queued before it has finished, whatever their outcome. */
    private synchronized <T> CompletableFuture<T> enqueue(Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> result = tail.handle((previous, failure) -> null).thenCompose(ignored -> {
            try {
                return step.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        tail = result;
        return result;
    }

    /** An audit whose read is out: the deltas sent after it, in order (step thread only). */
    private static final class Audit {
        final boolean quietIfClean;
        final CompletableFuture<FlowDiff> result;
        final List<DatapathDelta> deltasSinceRead = new ArrayList<>();
        volatile boolean superseded;

        Audit(boolean quietIfClean, CompletableFuture<FlowDiff> result) {
            this.quietIfClean = quietIfClean;
            this.result = result;
        }
    }
}
