package io.appnet.controller.security;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code max} open connections per peer address on one listener, so one machine cannot exhaust the
 * controller's sockets and threads with handshakes. A listener asks for each accepted connection; a refused
 * one is closed at once, with one WARN line per address until its count drops again.
 */
public final class PeerSessions implements Function<InetAddress, Optional<Runnable>> {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSessions.class);

    private final String listener;
    private final int max;
    private final Map<InetAddress, Integer> open = new HashMap<>(); // guarded by this
    private final Map<InetAddress, Boolean> warned = new HashMap<>(); // guarded by this

    public PeerSessions(String listener, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one session per peer, not " + max);
        }
        this.listener = listener;
        this.max = max;
    }

    /** Admits one more connection from {@code peer}: the way to release it, or empty when the peer is at its cap. */
    @Override
    public synchronized Optional<Runnable> apply(InetAddress peer) {
        int count = open.getOrDefault(peer, 0);
        if (count >= max) {
            if (warned.put(peer, true) == null) {
                LOG.warn("{} connection from {} refused: {} already has {} open (max.sessions.per.peer)", listener,
                        peer.getHostAddress(), peer.getHostAddress(), max);
            }
            return Optional.empty();
        }
        open.put(peer, count + 1);
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                release(peer);
            }
        });
    }

    /** Open connections from {@code peer}. */
    public synchronized int open(InetAddress peer) {
        return open.getOrDefault(peer, 0);
    }

    private synchronized void release(InetAddress peer) {
        int left = open.merge(peer, -1, Integer::sum);
        if (left <= 0) {
            open.remove(peer);
        }
        warned.remove(peer);
    }
}
