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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * session ends, a bump fails, or after {@link #LIMIT} bumps. Sits ahead of the listener it wraps (the held
 * host events, {@code SouthboundListeners}), so it starts while the store is still being read, and passes every
 * event on to it first.
 */
public final class ReconnectNudge implements OvsdbHostListener, AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(20);
    /** 2 s: OVS's attempt comes at most max_backoff (1 s) after the drop that also ended the OVSDB session. */
    static final int LIMIT = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectNudge.class);

    private final OvsdbHostListener next;
    private final String bridge;
    private final LongPredicate switchConnected;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reconnect-nudge");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<OvsdbSession, ScheduledFuture<?>> nudging = new ConcurrentHashMap<>();

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
            start(session, datapath.getAsLong());
        }
    }

    @Override
    public void snapshotChanged(OvsdbSession session, HostSnapshot previous, HostSnapshot current) {
        next.snapshotChanged(session, previous, current);
    }

    @Override
    public void hostDisconnected(OvsdbSession session, String reason) {
        stop(session);
        next.hostDisconnected(session, reason);
    }

    private void start(OvsdbSession session, long datapath) {
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean pending = new AtomicBoolean();
        ScheduledFuture<?> nudges = timer.scheduleWithFixedDelay(() -> {
            if (switchConnected.test(datapath) || sent.get() >= LIMIT) {
                LOG.debug("OVSDB host {}: switch {} {} after {} nudges", session, Long.toHexString(datapath),
                        sent.get() >= LIMIT ? "still not connected" : "connected", sent.get());
                stop(session);
            } else if (pending.compareAndSet(false, true)) { // never more than one bump in flight
                sent.incrementAndGet();
                session.transact(List.of(bump())).whenComplete((result, failure) -> {
                    pending.set(false);
                    if (failure != null) {
                        LOG.info("OVSDB host {}: stopped waking ovs-vswitchd: {}", session, failure.getMessage());
                        stop(session);
                    }
                });
            }
        }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> earlier = nudging.put(session, nudges);
        if (earlier != null) {
            earlier.cancel(false);
        }
    }

    private void stop(OvsdbSession session) {
        ScheduledFuture<?> nudges = nudging.remove(session);
        if (nudges != null) {
            nudges.cancel(false);
        }
    }

    /** What {@code ovs-vsctl} does to have ovs-vswitchd reconfigure: next_cfg += 1. */
    static Operation bump() {
        return Operation.mutate("Open_vSwitch", List.of(), new Mutation("next_cfg", "+=", Datum.of(Atom.integer(1))));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        nudging.clear();
    }
}
