package io.appnet.controller.switches;

import io.appnet.openflow.connection.DatapathIds;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionListener;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.PortStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps datapath ids to their one live connection. A second connection from the same datapath and the same
 * peer identity (the subject of its TLS certificate; none on a plaintext southbound) replaces the first:
 * listeners see the old one go down before the new one comes up, and the old connection's own close later is
 * not reported again. One from another identity while the first is live is refused and closed, so a peer
 * that copies a switch's datapath id cannot keep it flapping.
 */
final class SwitchRegistry implements OfConnectionListener, SwitchService {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchRegistry.class);

    private final Map<Long, OfConnection> connections = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<SwitchListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Optional<OfConnection> connection(long datapathId) {
        return Optional.ofNullable(connections.get(datapathId));
    }

    @Override
    public Map<Long, OfConnection> connections() {
        return Map.copyOf(connections);
    }

    @Override
    public synchronized void addListener(SwitchListener listener) {
        listeners.add(listener);
        connections.values().forEach(listener::switchUp);
    }

    @Override
    public void removeListener(SwitchListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized void connected(OfConnection connection) {
        long dpid = connection.datapathId();
        OfConnection live = connections.get(dpid);
        if (live != null && live.isActive() && !peer(live).equals(peer(connection))) {
            String reason = "datapath id " + DatapathIds.format(dpid) + " is already connected from " + peer(live)
                    + " at " + live.remoteAddress();
            LOG.warn("switch connection from {} ({}) refused: {}", connection.remoteAddress(), peer(connection),
                    reason);
            connection.close(reason);
            return;
        }
        OfConnection previous = connections.put(dpid, connection);
        if (previous != null) {
            String reason = "replaced by a new connection from " + connection.remoteAddress();
            LOG.info("switch {} disconnected: {}", DatapathIds.format(dpid), reason);
            previous.close(reason);
            notifyDown(dpid, reason);
        }
        LOG.info("switch {} connected from {} ({} tables)", DatapathIds.format(dpid), connection.remoteAddress(),
                connection.features().nTables());
        for (SwitchListener listener : listeners) {
            call(() -> listener.switchUp(connection));
        }
    }

    @Override
    public synchronized void disconnected(OfConnection connection, String reason) {
        long dpid = connection.datapathId();
        if (connections.remove(dpid, connection)) {
            LOG.info("switch {} disconnected: {}", DatapathIds.format(dpid), reason);
            notifyDown(dpid, reason);
        }
    }

    @Override
    public void message(OfConnection connection, OfMessage message) {
        if (message instanceof PortStatus status) {
            for (SwitchListener listener : listeners) {
                call(() -> listener.portStatus(connection.datapathId(), status));
            }
        } else if (message instanceof ErrorMessage error) {
            LOG.warn("switch {} reported {}", connection, error); // names the error and decodes the failed request
        } else {
            LOG.debug("switch {}: unsolicited {}", connection, message);
        }
    }

    /** Who the connection's certificate names, for comparisons and logs. */
    private static String peer(OfConnection connection) {
        return connection.peerCertificate().map(certificate -> certificate.getSubjectX500Principal().getName())
                .orElse("no certificate");
    }

    private void notifyDown(long dpid, String reason) {
        for (SwitchListener listener : listeners) {
            call(() -> listener.switchDown(dpid, reason));
        }
    }

    /** A failing listener is logged and must not stop the others or the connection. */
    private static void call(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.error("switch listener failed", e);
        }
    }
}
