package io.appnet.controller.topology;

import io.appnet.controller.switches.SwitchListener;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsdbHostListener;
import io.appnet.ovs.ovsdb.OvsdbSession;
import java.net.InetSocketAddress;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each joining host's Manager and br-int Controller rows that name this controller the controller's
 * {@link ReconnectSettings}, through the host's OVSDB session, so that after a controller restart every host
 * is back within about a second instead of OVS's default backoff of up to 8 s. Checked when the host's OVSDB
 * session comes up (its Manager row exists then) and again when its br-int connects over OpenFlow (its
 * Controller row exists then; the host contract sets it after the manager). Rows already as asked are not
 * written. Wraps the listener that handles the host's snapshots and passes every event on to it first.
 */
public final class ReconnectTuning implements OvsdbHostListener, SwitchListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectTuning.class);

    private final OvsdbHostListener topology;
    private final ReconnectSettings settings;
    private final IntSupplier openflowPort;
    private final Set<OvsdbSession> sessions = ConcurrentHashMap.newKeySet();

    public ReconnectTuning(OvsdbHostListener topology, ReconnectSettings settings, IntSupplier openflowPort) {
        this.topology = topology;
        this.settings = settings;
        this.openflowPort = openflowPort;
    }

    @Override
    public void hostConnected(OvsdbSession session) {
        topology.hostConnected(session);
        sessions.add(session);
        tune(session);
    }

    @Override
    public void snapshotChanged(OvsdbSession session, HostSnapshot previous, HostSnapshot current) {
        topology.snapshotChanged(session, previous, current);
    }

    @Override
    public void hostDisconnected(OvsdbSession session, String reason) {
        sessions.remove(session);
        topology.hostDisconnected(session, reason);
    }

    @Override
    public void switchUp(OfConnection connection) {
        long datapath = connection.datapathId();
        sessions.stream()
                .filter(session -> session.snapshot().bridge(TopologyService.BRIDGE)
                        .map(bridge -> bridge.datapathId().equals(OptionalLong.of(datapath))).orElse(false))
                .forEach(this::tune);
    }

    @Override
    public void switchDown(long datapathId, String reason) {
    }

    /** Reads the rows, then writes those that differ; failures are logged (the host still works, only slower). */
    CompletableFuture<Integer> tune(OvsdbSession session) {
        if (!(session.localAddress() instanceof InetSocketAddress local)) {
            return CompletableFuture.completedFuture(0);
        }
        return session.transact(ReconnectRows.select(TopologyService.BRIDGE))
                .thenCompose(selected -> {
                    var updates = ReconnectRows.updates(selected, local, openflowPort.getAsInt(), settings);
                    return updates.isEmpty() ? CompletableFuture.completedFuture(0)
                            : session.transact(updates).thenApply(results -> updates.size());
                })
                .whenComplete((updated, failure) -> {
                    if (failure != null) {
                        LOG.warn("OVSDB host {}: could not set max_backoff={} inactivity_probe={}: {}", session,
                                settings.maxBackoffMillis(), settings.inactivityProbeMillis(), failure.getMessage());
                    } else if (updated > 0) {
                        LOG.info("OVSDB host {}: {} manager/controller rows set to max_backoff={} inactivity_probe={}",
                                session, updated, settings.maxBackoffMillis(), settings.inactivityProbeMillis());
                    }
                });
    }
}
