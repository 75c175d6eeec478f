package io.appnet.controller.programmer;

import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.HostId;
import io.appnet.controller.security.PeerIdentity;
import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchService;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.action.Output;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ExperimenterMessage;
import io.appnet.openflow.message.PacketOut;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every bound switch equal to the compiled network it is handed. An update's deltas go only to the
 * switches they affect, each through its own {@link SwitchSync} (one slow, failed or offline switch never
 * holds the others). A switch that connects is reconciled, unless its host's reconciles are held: after a
 * controller restart a host is reconciled only once the settle gate has released it (the model may not yet hold
 * what the host's own OVSDB says, or the parts of the network that are not restored), since a reconcile against
 * an incomplete model would delete flows that live traffic uses; a held switch's flows are read meanwhile
 * ({@link SwitchSync#readAhead}). The model is not kept here: the network
 * model owns it and calls {@link #program} and {@link #bind} under its lock.
 *
 * <p>A datapath id runs one host's tables: binding it to a second host is refused. A connection runs a host's
 * tables only if its TLS certificate names that host; one whose certificate names another is closed.
 */
public final class NetworkProgrammer implements SwitchListener, AutoCloseable {
    private static final long NICIRA = 0x00002320L;
    private static final long NXT_CT_FLUSH_ZONE = 29;
    private static final Logger LOG = LoggerFactory.getLogger(NetworkProgrammer.class);

    private final SwitchService switches;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "appnet-switch-retries");
        thread.setDaemon(true);
        return thread;
    });
    /** Diffs audits' reads, one at a time (a gateway's read holds 129,000 flows), off the switches' queues. */
    private final ExecutorService auditDiffs = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "appnet-audit-diffs");
        thread.setDaemon(true);
        return thread;
    });
    private final ReservedDatapaths firewalls;
    private final Map<Long, HostId> hostByDatapath = new ConcurrentHashMap<>();
    private final Map<HostId, Long> datapathByHost = new ConcurrentHashMap<>();
    private final Map<HostId, SwitchSync> syncs = new ConcurrentHashMap<>();
    private final Set<HostId> released = ConcurrentHashMap.newKeySet();
    private volatile boolean reconcilesHeld;

    /**
     * Re-reads every in-sync switch each {@code auditInterval} (zero: never) and repairs drift: a flow deleted
     * or changed by hand comes back, a foreign flow is reported (an audit that finds nothing sends nothing). An
     * audit does not hold the switch's deltas while its read is out and diffed ({@link SwitchSync}).
     * With {@code holdReconciles}, no switch is reconciled until its host is released ({@link #releaseReconciles}).
     */
    public NetworkProgrammer(SwitchService switches, Duration auditInterval, boolean holdReconciles) {
        this(switches, auditInterval, holdReconciles, new ReservedDatapaths());
    }

    /** As above; a datapath ID in {@code firewalls} (a registered firewall's) is never bound to a host. */
    public NetworkProgrammer(SwitchService switches, Duration auditInterval, boolean holdReconciles,
                             ReservedDatapaths firewalls) {
        this.switches = switches;
        this.firewalls = firewalls;
        this.reconcilesHeld = holdReconciles;
        if (!auditInterval.isZero()) {
            timer.scheduleWithFixedDelay(() -> syncs.values().forEach(sync -> {
                if (sync.state() == SwitchSync.State.IN_SYNC) {
                    sync.audit();
                }
            }), auditInterval.toMillis(), auditInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Says which host's {@code tables} the switch of {@code datapathId} runs. Called under the model's lock,
     * like {@link #program}, so the switch misses no delta; {@link #reconcileBound} then starts its reconcile.
     * Refused (logged, {@link IllegalStateException}) for a datapath ID bound to another host or registered as a
     * firewall.
     */
    public synchronized void bind(HostId host, long datapathId, DatapathTables tables) {
        HostId owner = hostByDatapath.get(datapathId);
        if (owner != null && !owner.equals(host)) {
            String refusal = "switch " + Long.toHexString(datapathId) + " is already bound to host " + owner
                    + "; not bound to " + host;
            LOG.warn(refusal);
            throw new IllegalStateException(refusal);
        }
        if (owner == null) {
            hostByDatapath.put(datapathId, host); // bound first, then checked: a registration checks the other way
            Optional<String> firewall = firewalls.holder(datapathId);
            if (firewall.isPresent()) {
                hostByDatapath.remove(datapathId, host);
                String refusal = "switch " + Long.toHexString(datapathId) + " is registered as firewall '"
                        + firewall.get() + "'; not bound to host " + host;
                LOG.warn(refusal);
                throw new IllegalStateException(refusal);
            }
        }
        Long previous = datapathByHost.put(host, datapathId);
        if (previous != null && previous != datapathId) {
            hostByDatapath.remove(previous);
        }
        hostByDatapath.put(datapathId, host);
        syncs.computeIfAbsent(host, h -> {
            SwitchSync sync = new SwitchSync(h, new SwitchProgrammer(tables), timer, auditDiffs);
            if (reconcilesHeld) { // a restart: the switch's sync marker is checked against this when it connects
                CompletableFuture.runAsync(sync.programmer()::desiredDigest);
            }
            return sync;
        });
    }

    /**
     * Writes the sync marker on every switch that is in sync once its queued deltas are done (a graceful stop),
     * waiting at most {@code within} in all; returns how many were written.
     */
    public int writeSyncMarkers(Duration within) {
        List<CompletableFuture<Boolean>> writes = syncs.values().stream().map(SwitchSync::writeMarker).toList();
        long deadline = System.nanoTime() + within.toNanos();
        int written = 0;
        for (CompletableFuture<Boolean> write : writes) {
            try {
                if (write.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    written++;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("sync marker not written: {}", SwitchProgrammer.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return written;
    }

    /** Forgets the host's switch (the host was released): its datapath id may be bound to another host. */
    public synchronized void unbind(HostId host) {
        Long datapath = datapathByHost.remove(host);
        if (datapath != null) {
            hostByDatapath.remove(datapath, host);
        }
        SwitchSync sync = syncs.remove(host);
        if (sync != null) {
            sync.disconnected();
        }
    }

    /**
     * Reconciles the host's bound switch if it is connected and its reconciles are not held (once a connection);
     * while they are, its flows are read ahead for the reconcile that follows the release.
     */
    public CompletableFuture<FlowDiff> reconcileBound(HostId host) {
        SwitchSync sync = syncs.get(host);
        Optional<OfConnection> connection = Optional.ofNullable(datapathByHost.get(host)).flatMap(switches::connection)
                .filter(candidate -> mayRun(host, candidate));
        if (sync == null || connection.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (isHeld(host)) {
            sync.readAhead(connection.get());
            return CompletableFuture.completedFuture(null);
        }
        return sync.connected(connection.get());
    }

    /** Ends the hold: every bound, connected switch is reconciled now. */
    public void releaseReconciles() {
        if (!reconcilesHeld) {
            return;
        }
        reconcilesHeld = false;
        datapathByHost.keySet().forEach(this::reconcileConnected);
    }

    /** Ends the hold for one host: its switch is reconciled now if bound and connected, else once it is. */
    public void releaseReconciles(HostId host) {
        if (reconcilesHeld && released.add(host)) {
            reconcileConnected(host);
        }
    }

    private boolean isHeld(HostId host) {
        return reconcilesHeld && !released.contains(host);
    }

    private void reconcileConnected(HostId host) {
        Long datapath = datapathByHost.get(host);
        SwitchSync sync = syncs.get(host);
        if (datapath != null && sync != null) {
            switches.connection(datapath).filter(connection -> mayRun(host, connection)).ifPresent(sync::connected);
        }
    }

    /** The host whose tables the switch of {@code datapathId} runs, if it is bound to one. */
    public Optional<HostId> hostOf(long datapathId) {
        return Optional.ofNullable(hostByDatapath.get(datapathId));
    }

    /** The host's switch, once bound. */
    public Optional<SwitchSync> sync(HostId host) {
        return Optional.ofNullable(syncs.get(host));
    }

    /**
     * The host's switch, for operators' verbs that need it bound and connected: throws
     * {@link IllegalArgumentException} when no switch is bound, {@link IllegalStateException} when not connected.
     */
    public SwitchSync connected(HostId host) {
        SwitchSync sync = sync(host).orElseThrow(
                () -> new IllegalArgumentException("no switch is bound to host " + host));
        if (sync.connection().isEmpty()) {
            throw new IllegalStateException("the switch of host " + host + " is not connected");
        }
        return sync;
    }

    /**
     * Sends each affected switch its delta from the update; a switch not in sync just takes the new tables.
     * The future completes when every affected switch that is in sync has acknowledged its delta with a
     * barrier, or exceptionally with the first switch's failure (the others still proceed, and a failed switch
     * is retried). Called under the model's lock, so every switch gets its deltas in the order of the updates.
     */
    public CompletableFuture<Void> program(Update update) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (Map.Entry<HostId, DatapathDelta> entry : update.deltas().entrySet()) {
            SwitchSync sync = syncs.get(entry.getKey());
            Optional<DatapathTables> tables = update.compiled().tables(entry.getKey());
            if (sync != null && tables.isPresent()) {
                sent.add(sync.apply(entry.getValue(), tables.get()));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /**
     * Empties one conntrack zone on the host's switch (Nicira NXT_CT_FLUSH_ZONE, what {@code ovs-ofctl
     * ct-flush-zone} sends), in order with its deltas; nothing happens while the switch is not connected.
     */
    public CompletableFuture<Void> flushConntrackZone(HostId host, int zone) {
        SwitchSync sync = syncs.get(host);
        if (sync == null) {
            return CompletableFuture.completedFuture(null);
        }
        return sync.send(xid -> conntrackFlush(xid, zone));
    }

    /** NXT_CT_FLUSH_ZONE for {@code zone}: its body is nx_zone_id, 6 zero bytes and the zone (big-endian). */
    static ExperimenterMessage conntrackFlush(int xid, int zone) {
        ByteBuffer zoneId = ByteBuffer.allocate(8).putShort(6, (short) zone);
        return new ExperimenterMessage(xid, NICIRA, NXT_CT_FLUSH_ZONE, Bytes.of(zoneId.array()));
    }

    /** Sends the Ethernet frame out of {@code port} of the host's switch (PACKET_OUT), in order with its deltas. */
    public CompletableFuture<Void> packetOut(HostId host, int port, byte[] frame) {
        SwitchSync sync = syncs.get(host);
        if (sync == null) {
            return CompletableFuture.completedFuture(null);
        }
        return sync.send(xid -> PacketOut.of(xid, OfPorts.CONTROLLER, List.of(new Output(port, 0)), Bytes.of(frame)));
    }

    @Override
    public void switchUp(OfConnection connection) {
        HostId host = hostByDatapath.get(connection.datapathId());
        SwitchSync sync = host == null ? null : syncs.get(host);
        if (sync == null) { // or being bound right now (the datapath is mapped first): bind's reconcileBound takes it
            LOG.info("switch {} is not bound to a host yet; left alone", Long.toHexString(connection.datapathId()));
            return;
        }
        if (mayRun(host, connection)) {
            if (isHeld(host)) {
                sync.readAhead(connection);
            } else {
                sync.connected(connection);
            }
        }
    }

    /** Whether the connection's certificate lets it run the host's tables; a connection that may not is closed. */
    private static boolean mayRun(HostId host, OfConnection connection) {
        Optional<String> refusal = PeerIdentity.refusal(connection.peerCertificate(), host.name());
        refusal.ifPresent(reason -> {
            LOG.warn("switch {} from {} refused for host {}: {}", Long.toHexString(connection.datapathId()),
                    connection.remoteAddress(), host, reason);
            connection.close("refused for host " + host + ": " + reason);
        });
        return refusal.isEmpty();
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
        auditDiffs.shutdownNow();
    }
}
