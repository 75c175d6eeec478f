package io.appnet.controller.topology;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.store.StoreWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases what is gone for good, so fake or retired hosts and apps cannot exhaust the overlay or the app ID
 * space: a host whose OVSDB session has been gone for {@code after} is forgotten (its lease released), and an
 * app with no instance and no policy for {@code after} loses its app ID. A host not seen since this controller
 * started, and an idle app, count from the start (a restart restarts their clocks). Time comes in as an argument
 * to {@link #sweep}; the controller calls it periodically.
 */
public final class Expiry {
    private static final Logger LOG = LoggerFactory.getLogger(Expiry.class);

    private final TopologyService topology;
    private final NetworkModel model;
    private final Duration after;
    private final Instant started;
    private final Map<String, Instant> appIdleSince = new HashMap<>(); // sweep's caller thread only
    private boolean swept;

    public Expiry(TopologyService topology, NetworkModel model, Duration after, Instant started) {
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("expiry must be positive, not " + after);
        }
        this.topology = topology;
        this.model = model;
        this.after = after;
        this.started = started;
    }

    /** Forgets the hosts and releases the app IDs gone for the expiry time at {@code now}; returns what it released. */
    public List<String> sweep(Instant now) {
        List<String> released = new ArrayList<>();
        for (String host : model.leases().keySet()) {
            boolean connected = topology.host(host).map(HostStatus::connected).orElse(false);
            Instant gone = topology.goneSince(host).orElse(started);
            if (!connected && !gone.plus(after).isAfter(now)) {
                try {
                    topology.forget(host);
                    released.add("host " + host);
                } catch (RuntimeException stillInUse) { // reconnected meanwhile, or the store refused
                    LOG.warn("host {} gone since {} not released: {}", host, gone, stillInUse.getMessage());
                }
            }
        }
        Network network = model.network();
        List<String> idle = new ArrayList<>();
        for (String guid : network.apps().keys()) {
            if (isIdle(network, guid)) {
                // idle at the first sweep: maybe since the start; later: at most since the previous sweep
                Instant since = appIdleSince.computeIfAbsent(guid, g -> swept ? now : started);
                if (!since.plus(after).isAfter(now)) {
                    idle.add(guid);
                }
            } else {
                appIdleSince.remove(guid);
            }
        }
        appIdleSince.keySet().retainAll(network.apps().keys());
        swept = true;
        if (!idle.isEmpty()) {
            try {
                model.apply(idle.stream().map(Change.UnregisterApp::new).toList(),
                        StoreWrite.none().releasingApps(Set.copyOf(idle)));
                idle.forEach(guid -> {
                    appIdleSince.remove(guid);
                    released.add("app " + guid);
                });
            } catch (RuntimeException usedAgain) { // an instance or policy named one meanwhile
                LOG.warn("app IDs of {} not released: {}", idle, usedAgain.getMessage());
            }
        }
        if (!released.isEmpty()) {
            LOG.info("released after {} gone: {}", after, released);
        }
        return released;
    }

    /** No instance and no policy uses the app: the model would unregister it. */
    private static boolean isIdle(Network network, String guid) {
        try {
            network.apply(new Change.UnregisterApp(guid));
            return true;
        } catch (ModelException used) {
            return false;
        }
    }
}
