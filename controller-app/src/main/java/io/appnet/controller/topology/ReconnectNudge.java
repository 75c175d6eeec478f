package io.appnet.controller.topology;

import io.appnet.ovs.ovsdb.Atom;
import io.appnet.ovs.ovsdb.Datum;
import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.Mutation;
import io.appnet.ovs.ovsdb.Operation;
import io.appnet.ovs.ovsdb.OvsBridge;
import io.appnet.ovs.ovsdb.OvsdbHostListener;
import io.appnet.ovs.ovsdb.OvsdbSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes ovs-vswitchd while a host's br-int dials the controller, so that a restarted controller has each switch
 * back about when Open vSwitch's backoff (1 s, {@link ReconnectTuning}) ends instead of up to a second or more
 * later. Open vSwitch 3.1's connection manager registers no wakeup for a controller connection that is backing
 * off or connecting (only an established one is polled), so such a connection moves on (retry, read the TLS
 * handshake, read our hello) only when the daemon's main loop wakes for something else: its in-band timer at each
 * whole second, its 5 s statistics, a database change (docs/benchmarks.md, "Why the OpenFlow session came back
 * late").
 * While a host's OVSDB session is up and its br-int has not connected over OpenFlow, this bumps the host's
 * {@code Open_vSwitch:next_cfg} every {@link #INTERVAL}, as every {@code ovs-vsctl} command does: ovs-vswitchd
 * wakes, reconfigures (nothing changed) and runs the connection on. It stops when the switch is connected, the
 * session ends, a bump fails, or after {@link #LIMIT} bumps; at most {@link #PER_INTERVAL} hosts are bumped per
 * interval, in turn, so that a thousand hosts coming back at once do not get fifty thousand transactions a
 * second. Sits ahead of the listener it wraps (the held
 * host events, {@code SouthboundListeners}), so it starts while the store is still being read, and passes every
 * event on to it first.
 */
public final class ReconnectNudge implements OvsdbHostListener, AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(20);
    /** 2 s: OVS's attempt comes at most max_backoff (1 s) after the drop that also ended the OVSDB session. */
    static final int LIMIT = 100;
    static final int PER_INTERVAL = 25;
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectNudge.class);

    private final OvsdbHostListener next;
    private final String bridge;
    private final LongPredicate switchConnected;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reconnect-nudge");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<OvsdbSession, Waiting> waiting = new ConcurrentHashMap<>();
    private final Queue<Waiting> turns = new ConcurrentLinkedQueue<>();
    private ScheduledFuture<?> ticks; // guarded by this; runs only while a host waits

    /** One host whose br-int has not dialled us yet. */
    private static final class Waiting {
        final OvsdbSession session;
        final long datapath;
        final AtomicBoolean pending = new AtomicBoolean();
        volatile boolean over;
        int sent; // only on the timer thread

        Waiting(OvsdbSession session, long datapath) {
            this.session = session;
            this.datapath = datapath;
        }
    }

    /** @param switchConnected whether the switch of this datapath id is connected over OpenFlow */
    public ReconnectNudge(OvsdbHostListener next, String bridge, LongPredicate switchConnected) {
        this.next = next;
        this.bridge = bridge;
        this.switchConnected = switchConnected;
    }

    @Override
    public void hostConnected(OvsdbSession session) {
        next.hostConnected(session);
        OptionalLong datapath = session.snapshot().bridge(bridge).map(OvsBridge::datapathId)
                .orElse(OptionalLong.empty());
        if (datapath.isPresent() && !switchConnected.test(datapath.getAsLong())) {
            Waiting host = new Waiting(session, datapath.getAsLong());
            Waiting earlier = waiting.put(session, host);
            if (earlier != null) {
                earlier.over = true;
            }
            turns.add(host);
            startTicking();
        }
    }

    @Override
    public void snapshotChanged(OvsdbSession session, HostSnapshot previous, HostSnapshot current) {
        next.snapshotChanged(session, previous, current);
    }

    @Override
    public void hostDisconnected(OvsdbSession session, String reason) {
        Waiting host = waiting.remove(session);
        if (host != null) {
            host.over = true;
        }
        next.hostDisconnected(session, reason);
    }

    private synchronized void startTicking() {
        if (ticks == null && !timer.isShutdown()) {
            ticks = timer.scheduleWithFixedDelay(this::tick, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Bumps the next waiting hosts in turn, drops those done; stops ticking when none waits. */
    private void tick() {
        int budget = PER_INTERVAL;
        for (int i = turns.size(); i > 0 && budget > 0; i--) {
            Waiting host = turns.poll();
            if (host == null) {
                break;
            }
            if (host.over || switchConnected.test(host.datapath) || host.sent >= LIMIT) {
                LOG.debug("OVSDB host {}: switch {} {} after {} nudges", host.session,
                        Long.toHexString(host.datapath), switchConnected.test(host.datapath) ? "connected"
                                : "not connected", host.sent);
                waiting.remove(host.session, host);
                continue;
            }
            if (host.pending.compareAndSet(false, true)) { // never more than one bump in flight per host
                host.sent++;
                budget--;
                host.session.transact(List.of(bump())).whenComplete((result, failure) -> {
                    host.pending.set(false);
                    if (failure != null) {
                        LOG.info("OVSDB host {}: stopped waking ovs-vswitchd: {}", host.session, failure.getMessage());
                        host.over = true;
                    }
                });
            }
            turns.add(host);
        }
        synchronized (this) {
            if (turns.isEmpty() && ticks != null) {
                ticks.cancel(false);
                ticks = null;
            }
        }
    }

    /** What {@code ovs-vsctl} does to have ovs-vswitchd reconfigure: next_cfg += 1. */
    static Operation bump() {
        return Operation.mutate("Open_vSwitch", List.of(), new Mutation("next_cfg", "+=", Datum.of(Atom.integer(1))));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        waiting.clear();
        turns.clear();
    }
}
