package io.appnet.ovs.ovsdb;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what sessions report on their network threads into listener calls on one event thread, and keeps
 * one session per host: a host is its Open_vSwitch record (and, with TLS, its certificate), so a host that
 * reconnects while its old session still looks alive replaces it (the old one is announced disconnected
 * first, then closed).
 */
final class HostEvents {
    private static final Logger LOG = LoggerFactory.getLogger(HostEvents.class);

    private final Executor eventThread;
    private final OvsdbHostListener listener;
    private final Map<String, OvsdbSession> current = new ConcurrentHashMap<>();
    private final Set<OvsdbSession> announced = new HashSet<>(); // event thread only

    HostEvents(Executor eventThread, OvsdbHostListener listener) {
        this.eventThread = eventThread;
        this.listener = listener;
    }

    /** Sessions whose host has been announced and not yet disconnected. */
    Collection<OvsdbSession> sessions() {
        return List.copyOf(current.values());
    }

    void connected(OvsdbSession session, String hostKey) {
        eventThread.execute(() -> {
            OvsdbSession replaced = current.put(hostKey, session);
            if (replaced != null && announced.remove(replaced)) {
                String reason = "replaced by a new session from " + session.remoteAddress();
                notify(() -> listener.hostDisconnected(replaced, reason));
                replaced.close(reason);
            }
            announced.add(session);
            notify(() -> listener.hostConnected(session));
        });
    }

    void changed(OvsdbSession session, HostSnapshot previous, HostSnapshot next) {
        eventThread.execute(() -> {
            if (announced.contains(session)) {
                notify(() -> listener.snapshotChanged(session, previous, next));
            }
        });
    }

    void disconnected(OvsdbSession session, String reason) {
        eventThread.execute(() -> {
            current.values().remove(session);
            if (announced.remove(session)) {
                notify(() -> listener.hostDisconnected(session, reason));
            }
        });
    }

    /** A listener's exception is its own bug: logged, and the other sessions' events go on. */
    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("OVSDB host listener failed", e);
        }
    }
}
