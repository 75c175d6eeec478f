package io.appnet.ovs.ovsdb;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what sessions report on their network threads into listener calls on one event thread, and keeps
 * one session per host: a host is its Open_vSwitch record (and, with TLS, its certificate), so a host that
 * reconnects while its old session still looks alive replaces it (the old one is announced disconnected
 * first, then closed).
 *
 * <p>Bounded and fair: each host has its own lane of pending events, and the event thread takes one event
 * from each lane in turn, so a host's event waits behind at most one listener call per other host with
 * pending events, never behind another host's backlog. A lane holds at most three events per session
 * (connected, changed, disconnected): a change queued behind another change of the same session is merged
 * into it (first previous, last next snapshot), so a host that floods updates grows nothing.
 */
final class HostEvents {
    private static final Logger LOG = LoggerFactory.getLogger(HostEvents.class);

    private final Executor eventThread;
    private final OvsdbHostListener listener;
    private final Map<String, OvsdbSession> current = new ConcurrentHashMap<>();
    private final Set<OvsdbSession> announced = new HashSet<>(); // event thread only
    private final Map<String, Lane> lanesByHost = new HashMap<>(); // guarded by this
    private final Map<OvsdbSession, Lane> lanesBySession = new HashMap<>(); // guarded by this

    HostEvents(Executor eventThread, OvsdbHostListener listener) {
        this.eventThread = eventThread;
        this.listener = listener;
    }

    /** Sessions whose host has been announced and not yet disconnected. */
    Collection<OvsdbSession> sessions() {
        return List.copyOf(current.values());
    }

    /** Events waiting in every lane (a gauge for tests and status). */
    synchronized int pendingEvents() {
        return lanesByHost.values().stream().mapToInt(lane -> lane.events.size()).sum();
    }

    void connected(OvsdbSession session, String hostKey) {
        Lane lane;
        synchronized (this) {
            lane = lanesByHost.computeIfAbsent(hostKey, Lane::new);
            lanesBySession.put(session, lane);
            lane.sessions++;
        }
        submit(lane, new Event(session, () -> {
            OvsdbSession replaced = current.put(hostKey, session);
            if (replaced != null && announced.remove(replaced)) {
                String reason = "replaced by a new session from " + session.remoteAddress();
                notify(() -> listener.hostDisconnected(replaced, reason));
                replaced.close(reason);
            }
            announced.add(session);
            notify(() -> listener.hostConnected(session));
        }));
    }

    void changed(OvsdbSession session, HostSnapshot previous, HostSnapshot next) {
        Lane lane = laneOf(session);
        if (lane == null) {
            return; // never announced: nothing to tell
        }
        synchronized (this) {
            Event last = lane.events.peekLast();
            if (last != null && last.session == session && last.change != null) {
                last.change.next = next; // merged: the listener sees one change from the first previous
                return;
            }
        }
        Change change = new Change(previous, next);
        submit(lane, new Event(session, change, () -> {
            if (announced.contains(session)) {
                notify(() -> listener.snapshotChanged(session, change.previous, change.next));
            }
        }));
    }

    void disconnected(OvsdbSession session, String reason) {
        Lane lane = laneOf(session);
        if (lane == null) {
            return; // closed before its monitor reply: never announced
        }
        submit(lane, new Event(session, () -> {
            current.values().remove(session);
            if (announced.remove(session)) {
                notify(() -> listener.hostDisconnected(session, reason));
            }
            forget(session, lane);
        }));
    }

    private synchronized Lane laneOf(OvsdbSession session) {
        return lanesBySession.get(session);
    }

    private synchronized void forget(OvsdbSession session, Lane lane) {
        if (lanesBySession.remove(session) != null && --lane.sessions == 0 && lane.events.isEmpty()) {
            lanesByHost.remove(lane.hostKey, lane);
        }
    }

    private void submit(Lane lane, Event event) {
        synchronized (this) {
            lane.events.add(event);
            if (lane.scheduled) {
                return;
            }
            lane.scheduled = true;
        }
        schedule(lane);
    }

    private void schedule(Lane lane) {
        try {
            eventThread.execute(() -> runOne(lane));
        } catch (RejectedExecutionException shutDown) {
            LOG.debug("OVSDB event thread has shut down; events of {} dropped", lane.hostKey);
        }
    }

    /** One event, then the lane goes to the back of the event thread's queue: hosts take turns. */
    private void runOne(Lane lane) {
        Event event;
        synchronized (this) {
            event = lane.events.poll();
        }
        if (event != null) {
            event.call.run();
        }
        synchronized (this) {
            if (lane.events.isEmpty()) {
                lane.scheduled = false;
                if (lane.sessions == 0) {
                    lanesByHost.remove(lane.hostKey, lane);
                }
                return;
            }
        }
        schedule(lane);
    }

    /** A listener's exception is its own bug: logged, and the other sessions' events go on. */
    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("OVSDB host listener failed", e);
        }
    }

    private static final class Lane {
        final String hostKey;
        final ArrayDeque<Event> events = new ArrayDeque<>();
        boolean scheduled;
        int sessions;

        Lane(String hostKey) {
            this.hostKey = hostKey;
        }
    }

    /** A snapshot change that later changes of the same session may extend until it is delivered. */
    private static final class Change {
        final HostSnapshot previous;
        volatile HostSnapshot next;

        Change(HostSnapshot previous, HostSnapshot next) {
            this.previous = previous;
            this.next = next;
        }
    }

    private record Event(OvsdbSession session, Change change, Runnable call) {
        Event(OvsdbSession session, Runnable call) {
            this(session, null, call);
        }
    }
}
