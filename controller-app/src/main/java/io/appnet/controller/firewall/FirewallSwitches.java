package io.appnet.controller.firewall;

import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.model.Network;
import io.appnet.controller.security.PeerIdentity;
import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchService;
import io.appnet.openflow.connection.OfConnection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switches that are registered firewalls (by datapath ID), apart from the OVS hosts' programmer: each connected
 * one gets a {@link FirewallSession}. A registration made or changed redeploys its switch (one already connected
 * too); a change of the network (policies, instances), told by the model, redeploys every firewall whose rules it
 * changes. A switch whose certificate names another firewall than the one registered
 * for its datapath ID is closed. All work runs on one thread, {@code appnet-firewalls}.
 */
public final class FirewallSwitches implements SwitchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FirewallSwitches.class);

    private final FirewallService firewalls;
    private final SwitchService switches;
    private final Map<Long, FirewallSession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "appnet-firewalls");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean changePending = new AtomicBoolean();
    private Network seen; // the executor's

    public FirewallSwitches(FirewallService firewalls, SwitchService switches) {
        this.firewalls = firewalls;
        this.switches = switches;
        firewalls.addListener(this::registrationChanged);
        firewalls.onNetworkChange(() -> {
            // No session, no thread woken: on every policy change that would be a third thread wanting a core
            // while the change waits for its switch. A session that connects later deploys the network as it
            // then stands (it is added before its first request, and this runs after the change is applied).
            if (sessions.isEmpty()) {
                return;
            }
            if (changePending.compareAndSet(false, true)) { // at most one queued, however many changes come
                try {
                    executor.execute(this::networkChanged);
                } catch (RejectedExecutionException closed) {
                    // closed: no more deploys
                }
            }
        });
    }

    @Override
    public void switchUp(OfConnection connection) {
        Optional<Firewall> firewall = firewalls.byDatapath(connection.datapathId());
        if (firewall.isEmpty()) {
            return;
        }
        Optional<String> refusal = PeerIdentity.refusal(connection.peerCertificate(), firewall.get().name());
        if (refusal.isPresent()) {
            LOG.warn("firewall switch {} from {} refused for firewall {}: {}",
                    Long.toHexString(connection.datapathId()), connection.remoteAddress(), firewall.get().name(),
                    refusal.get());
            connection.close("refused for firewall " + firewall.get().name() + ": " + refusal.get());
            return;
        }
        FirewallSession session = new FirewallSession(connection, firewalls, executor);
        FirewallSession previous = sessions.put(connection.datapathId(), session);
        if (previous != null) {
            previous.close();
        }
        LOG.info("firewall {} connected: switch {} from {}", firewall.get().name(),
                Long.toHexString(connection.datapathId()), connection.remoteAddress());
        session.request();
    }

    @Override
    public void switchDown(long datapathId, String reason) {
        FirewallSession session = sessions.remove(datapathId);
        if (session != null) {
            session.close();
            firewalls.devices().disconnected(datapathId, reason);
            LOG.info("firewall switch {} disconnected: {}", Long.toHexString(datapathId), reason);
        }
    }

    private void registrationChanged(String name) {
        Optional<Firewall> firewall = firewalls.find(name);
        sessions.values().forEach(FirewallSession::request); // a removed or moved registration: its session stops
        firewall.ifPresent(registered -> {
            if (!sessions.containsKey(registered.datapathId())) {
                switches.connection(registered.datapathId()).ifPresent(this::switchUp);
            }
        });
    }

    /** Changes that come in a burst fold: the sessions compile against the network of their run. */
    private void networkChanged() {
        changePending.set(false);
        try {
            Network network = firewalls.network();
            if (network != seen) {
                seen = network;
                sessions.values().forEach(FirewallSession::request);
            }
        } catch (RuntimeException e) {
            LOG.error("firewall redeploy after a network change failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        sessions.values().forEach(FirewallSession::close);
        sessions.clear();
    }
}
