package io.appnet.controller.topology;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Egress;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.HostId;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.switches.SwitchListener;
import io.appnet.openflow.connection.OfConnection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which egress gateways the model has. A host whose OVSDB describes a valid gateway is one while its OVSDB
 * session or its OpenFlow connection lives; once both are gone it is removed (source hosts then send new
 * connections to the other gateways, and its pool share moves), and it is put back when its OVSDB reports it
 * again. A gateway that comes back after being lost has its NAT zone flushed: entries that survived a
 * partition would otherwise hold pool addresses and ports that another gateway may now use.
 *
 * <p>Decisions are made under this object's lock from any thread (the OVSDB event thread, a switch's I/O
 * thread); the model changes they cause run one at a time on one thread, in the order decided, so a switch's
 * I/O thread never compiles and a quick loss and return can never end with the gateway removed. OVSDB reports
 * wait for their change (bounded), so after a restart no reconcile runs against a model still missing a
 * gateway that has reported.
 */
public final class GatewayLiveness implements SwitchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayLiveness.class);

    /** How long an OVSDB report waits for its gateway change: a compile of a very large network, not a hang. */
    static final Duration APPLY_WAIT = Duration.ofSeconds(10);

    private final NetworkModel model;
    private final GatewaySwitches switches;
    private final Map<HostId, Entry> entries = new HashMap<>(); // guarded by this
    private final Set<Long> connected = new HashSet<>(); // datapaths with an OpenFlow connection, guarded by this
    private ExecutorService changes; // made on first use, guarded by this
    private boolean closed; // guarded by this
    private volatile boolean announcing;

    /** {@code switches} flushes a returning gateway's NAT zone and announces the pool addresses gateways gain. */
    public GatewayLiveness(NetworkModel model, GatewaySwitches switches) {
        this.model = model;
        this.switches = switches;
    }

    /**
     * What the host's latest OVSDB snapshot says: the gateway it describes, or none (not one, or refused).
     * Returns once the model has the result (at most {@link #APPLY_WAIT}), so a host reported to the settle
     * gate after this is complete in the model, gateway included.
     */
    public void reported(HostId host, long datapathId, Optional<Gateway> gateway) {
        Future<?> applied;
        synchronized (this) {
            Entry entry = entries.computeIfAbsent(host, id -> new Entry());
            entry.datapathId = datapathId;
            entry.wanted = gateway;
            entry.ovsdbUp = true;
            applied = decide(host, entry);
        }
        await(host, applied);
    }

    /** The host's OVSDB session is gone. */
    public void sessionDown(HostId host) {
        Future<?> applied;
        synchronized (this) {
            Entry entry = entries.get(host);
            if (entry == null) {
                return;
            }
            entry.ovsdbUp = false;
            applied = decide(host, entry);
        }
        await(host, applied);
    }

    private static void await(HostId host, Future<?> applied) {
        try {
            applied.get(APPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            LOG.warn("gateway change of host {} still compiling after {}; going on", host, APPLY_WAIT);
        } catch (ExecutionException | CancellationException failed) {
            LOG.error("gateway change of host {} failed", host, failed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why the model refused the host's gateway, if it did (empty otherwise). */
    public synchronized String problem(HostId host) {
        Entry entry = entries.get(host);
        return entry == null ? "" : entry.problem;
    }

    @Override
    public void switchUp(OfConnection connection) {
        switchUp(connection.datapathId());
    }

    /** The switch {@code datapathId} has an OpenFlow connection. */
    synchronized void switchUp(long datapathId) {
        connected.add(datapathId);
        entries.forEach((host, entry) -> {
            if (entry.datapathId == datapathId) {
                if (entry.flushPending) {
                    entry.flushPending = false;
                    switches.flushNatZone(host);
                }
                decide(host, entry);
            }
        });
    }

    @Override
    public synchronized void switchDown(long datapathId, String reason) {
        connected.remove(datapathId);
        entries.forEach((host, entry) -> {
            if (entry.datapathId == datapathId) {
                decide(host, entry);
            }
        });
    }

    private Future<?> decide(HostId host, Entry entry) {
        if (closed) {
            return CompletableFuture.completedFuture(null); // our own sessions closing is no gateway lost
        }
        boolean live = entry.ovsdbUp || connected.contains(entry.datapathId);
        Optional<Gateway> target = live ? entry.wanted : Optional.empty();
        if (target.equals(entry.decided)) {
            if (entry.wanted.isEmpty() && !entry.problem.isEmpty()) { // refused, and the host no longer asks
                return submit(() -> setProblem(host, ""));
            }
            // Nothing new, but a report still waits for what an I/O thread queued before it.
            return changes == null ? CompletableFuture.completedFuture(null) : submit(() -> { });
        }
        boolean lost = entry.decided.isPresent() && entry.wanted.isPresent() && !live;
        boolean returns = target.isPresent() && entry.lost;
        entry.decided = target;
        entry.lost = lost || entry.lost && target.isEmpty();
        if (lost) {
            LOG.warn("gateway {} lost (OVSDB session and OpenFlow connection gone): removed; new connections go to "
                    + "the other gateways, those NATed on it are lost", host);
        }
        return submit(() -> apply(host, target, returns));
    }

    private void apply(HostId host, Optional<Gateway> target, boolean returns) {
        Egress before = model.network().egress();
        try {
            if (target.isPresent()) {
                if (returns) {
                    flushWhenConnected(host);
                }
                if (!target.get().equals(model.network().egress().gateways().get(host))) {
                    model.apply(List.of(Change.putGateway(target.get())), StoreWrite.none());
                    LOG.info("gateway {} joined: uplink port {}, next hop {}{}", host, target.get().uplinkPort(),
                            target.get().nextHop(), target.get().nat() ? "" : ", without NAT");
                }
            } else if (model.network().egress().isGateway(host)) {
                model.apply(List.of(new Change.RemoveGateway(host)), StoreWrite.none());
            }
            setProblem(host, "");
        } catch (RuntimeException refused) {
            setProblem(host, "gateway refused: " + refused.getMessage());
        }
        if (announcing) {
            Egress after = model.network().egress();
            GratuitousArp.gained(before, after).forEach((gateway, addresses) -> {
                LOG.info("gateway {} now holds {} more pool addresses; announcing them on its uplink", gateway,
                        addresses.size());
                switches.announce(after.gateways().get(gateway), addresses);
            });
        }
    }

    /**
     * From now on, gateways announce the pool addresses they gain; first each announces its whole share. Called
     * when the settle gate opens: before, the model may hold only some gateways (hosts still reporting after a
     * restart), and one would announce the others' addresses and pull their connections' replies to itself.
     */
    public synchronized void startAnnouncing() {
        if (closed) {
            return;
        }
        submit(() -> {
            announcing = true;
            Egress egress = model.network().egress();
            GratuitousArp.all(egress).forEach((gateway, addresses) ->
                    switches.announce(egress.gateways().get(gateway), addresses));
        });
    }

    /** Now if its switch is connected, else as soon as it is: the flush is an OpenFlow message. */
    private synchronized void flushWhenConnected(HostId host) {
        Entry entry = entries.get(host);
        if (connected.contains(entry.datapathId)) {
            switches.flushNatZone(host);
        } else {
            entry.flushPending = true;
        }
    }

    private synchronized void setProblem(HostId host, String problem) {
        Entry entry = entries.get(host);
        if (!Objects.equals(entry.problem, problem)) {
            if (!problem.isEmpty()) {
                LOG.error("host {}: {}", host, problem);
            }
            entry.problem = problem;
        }
        if (!problem.isEmpty()) {
            entry.decided = Optional.empty(); // tried again with the next report
        }
    }

    private synchronized Future<?> submit(Runnable change) {
        if (changes == null) {
            changes = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "appnet-gateways");
                thread.setDaemon(true);
                return thread;
            });
        }
        return changes.submit(change);
    }

    /**
     * Stops deciding and applying changes; those not yet applied are dropped. Called before the controller
     * closes its sessions, so a controller that stops never takes gateways away from the hosts (their flows
     * stay as they are until the next controller reconciles them).
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (changes != null) {
            changes.shutdownNow();
        }
    }

    private static final class Entry {
        long datapathId;
        boolean ovsdbUp;
        Optional<Gateway> wanted = Optional.empty();
        Optional<Gateway> decided = Optional.empty();
        boolean lost;
        boolean flushPending;
        String problem = "";
    }
}
