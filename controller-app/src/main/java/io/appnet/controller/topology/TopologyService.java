package io.appnet.controller.topology;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.InstanceId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.model.ModelException;
import io.appnet.controller.security.Limits;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredHost;
import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsdbHostListener;
import io.appnet.ovs.ovsdb.OvsdbSession;
import io.appnet.ovs.ovsdb.TunnelOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts and instances from what each host's OVSDB says (host contract, design section 3). On first contact a
 * host is leased its overlay subnet (persisted first, then written back as {@code appnet-subnet}) and gets the
 * controller's VXLAN port on br-int; once br-int has a datapath id and the tunnel port an OpenFlow number, the
 * host joins the model and its switch is bound. Every snapshot is then compared with what was applied: added,
 * removed and moved instances become changes. Inconsistent input is rejected per interface with a log line
 * and a visible status, never half-applied. A host whose session drops keeps its instances (its dataplane
 * keeps running); only a port removed from its OVSDB, or the host's release ({@link #forget}, {@link Expiry}),
 * removes an instance.
 *
 * <p>A host joins only as the host its TLS certificate names ({@link Enrolment}), and is leased a subnet only
 * once it has been authenticated and its identity read. Leases and bindings go through the
 * {@link NetworkModel}; every joined host's topology is stored after each change ({@link StoredHost}), and a
 * restarted controller starts from it ({@link #restore}); every handled snapshot is reported to the
 * {@link SettleGate}, which releases the host's switch for reconciling after a restart.
 */
public final class TopologyService implements OvsdbHostListener {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyService.class);
    public static final String BRIDGE = "br-int";
    public static final String TUNNEL_PORT = "appnet-vxlan";

    private final NetworkModel model;
    private final SettleGate settle;
    private final Clock clock = Clock.systemUTC();
    private final Limits limits;
    private final GatewayLiveness gateways;
    private final Map<String, HostState> hosts = new ConcurrentHashMap<>(); // mutated on the event thread only
    /** Sessions whose host cannot join yet, with the reason last logged (logged again only when it changes). */
    private final Map<OvsdbSession, String> unidentified = new ConcurrentHashMap<>();

    /** Without a switch listener for gateways: a gateway is then lost only when its OVSDB session is. */
    public TopologyService(NetworkModel model, SettleGate settle) {
        this(model, settle, Limits.defaults());
    }

    /** With caps on the hosts leased and the instances per host. */
    public TopologyService(NetworkModel model, SettleGate settle, Limits limits) {
        this(model, settle, limits, new GatewayLiveness(model, GatewaySwitches.NONE));
    }

    /** {@code gateways} also listens to the switches, so a gateway is lost once both its sessions are. */
    public TopologyService(NetworkModel model, SettleGate settle, GatewayLiveness gateways) {
        this(model, settle, Limits.defaults(), gateways);
    }

    public TopologyService(NetworkModel model, SettleGate settle, Limits limits, GatewayLiveness gateways) {
        this.model = model;
        this.settle = settle;
        this.limits = limits;
        this.gateways = gateways;
    }

    /** Every host ever seen in this run, by host id. */
    public Map<String, HostStatus> hosts() {
        Map<String, HostStatus> statuses = new TreeMap<>();
        hosts.forEach((id, state) -> statuses.put(id, status(state)));
        return statuses;
    }

    public Optional<HostStatus> host(String hostId) {
        return Optional.ofNullable(hosts.get(hostId)).map(this::status);
    }

    /** The host's own problem, else why its gateway fields were refused, else why the model refused the gateway. */
    private HostStatus status(HostState state) {
        String gatewayProblem = state.gatewayProblem.isEmpty() ? gateways.problem(HostId.of(state.hostId))
                : state.gatewayProblem;
        return state.status(state.problem.isEmpty() ? gatewayProblem : state.problem);
    }

    /**
     * Takes over the hosts the model was restored with (their last known topology, see {@link StoredHost}) before
     * any OVSDB session is served: each host's first snapshot then changes only what differs from the stored
     * topology, and its switch is bound at once, to be reconciled when the settle gate releases it.
     */
    public synchronized void restore(List<StoredHost> stored) {
        for (StoredHost row : stored) {
            Host host = model.network().topology().hosts().get(HostId.of(row.hostId()));
            if (host == null) {
                continue; // not restored (see StoredNetwork): joins afresh
            }
            HostState state = hosts.computeIfAbsent(row.hostId(), HostState::new);
            state.host = host;
            state.subnet = host.subnet();
            state.datapath = row.datapathId();
            Map<String, InstanceSpec> accepted = new LinkedHashMap<>();
            for (StoredHost.Instance instance : row.instances()) {
                accepted.put(instance.interfaceName(), new InstanceSpec(instance.interfaceName(), instance.appGuid(),
                        Ipv4Address.parse(instance.ip()), MacAddress.parse(instance.mac()), instance.ofport()));
            }
            state.accepted = accepted;
            state.gatewayAsked = row.gateway();
            state.stored = row;
            state.problem = "not reported since the controller started";
            try {
                model.bind(host.id(), row.datapathId());
                state.bound = row.datapathId();
            } catch (IllegalStateException refused) {
                LOG.error("OVSDB host {}: the stored switch is not bound: {}", row.hostId(), refused.getMessage());
            }
        }
    }

    @Override
    public synchronized void hostConnected(OvsdbSession session) {
        LOG.info("OVSDB host connected from {}", session.remoteAddress());
        handle(session, session.snapshot());
    }

    @Override
    public synchronized void snapshotChanged(OvsdbSession session, HostSnapshot previous, HostSnapshot current) {
        handle(session, current);
    }

    @Override
    public synchronized void hostDisconnected(OvsdbSession session, String reason) {
        unidentified.remove(session);
        for (HostState state : hosts.values()) {
            if (state.session == session) {
                state.session = null;
                state.goneSince = clock.instant();
                LOG.info("OVSDB host {} disconnected: {} (its instances stay)", state.hostId, reason);
                gateways.sessionDown(HostId.of(state.hostId));
            }
        }
    }

    private void handle(OvsdbSession session, HostSnapshot snapshot) {
        HostReading.Identity identity = HostReading.identify(snapshot);
        Optional<String> problem = identity.problem().or(() -> Enrolment.refusal(session, identity.hostId().get()));
        if (problem.isPresent()) {
            if (!problem.get().equals(unidentified.put(session, problem.get()))) {
                LOG.warn("OVSDB host at {} cannot join: {}", session.remoteAddress(), problem.get());
            }
            return;
        }
        unidentified.remove(session);
        String hostId = identity.hostId().orElseThrow();
        Ipv4Address underlay = identity.underlayIp().orElseThrow();
        HostState state = hosts.computeIfAbsent(hostId, HostState::new);
        if (state.session != null && state.session != session && state.session.isActive()) {
            state.problem = "host id claimed again from " + session.remoteAddress() + "; ignored";
            LOG.error("OVSDB host {} at {} claims the host id of the connected host at {}; ignored", hostId,
                    session.remoteAddress(), state.session.remoteAddress());
            return;
        }
        state.session = session;
        state.goneSince = null;
        try {
            Ipv4Prefix subnet = lease(hostId);
            state.subnet = subnet;
            writeBack(state, session, snapshot, subnet, underlay);
            HostReading reading = Enrolment.capInstances(HostReading.read(snapshot, subnet, BRIDGE, TUNNEL_PORT,
                    state.accepted), state.accepted.keySet(), limits.maxInstancesPerHost());
            apply(state, underlay, subnet, reading);
            if (state.bound != null && state.host != null) {
                readGateway(state, snapshot);
                remember(state);
            }
        } catch (RuntimeException e) {
            state.problem = e.getMessage();
            LOG.error("OVSDB host {}: {}", hostId, e.getMessage());
        } finally {
            settle.reported(hostId);
        }
    }

    /**
     * Since when the host's OVSDB session has been gone: empty while it is connected, and for a host not seen
     * since this controller started.
     */
    public Optional<Instant> goneSince(String hostId) {
        return Optional.ofNullable(hosts.get(hostId)).map(state -> state.goneSince);
    }

    /**
     * Releases a host now ({@code appnet:host-forget}, REST): its instances and the host leave the model, its
     * lease is released (the subnet is free for the next host) and its switch unbound; the host keeps its last
     * flows until it joins again, as a new host. Refused for a connected host, which would rejoin at once, and
     * for a host the controller does not know.
     */
    public synchronized CompletableFuture<Void> forget(String hostId) {
        HostState state = hosts.get(hostId);
        if (state != null && state.session != null && state.session.isActive()) {
            throw new IllegalStateException("host " + hostId + " is connected (OVSDB from "
                    + state.session.remoteAddress() + "); remove its manager (ovs-vsctl del-manager) first");
        }
        if (state == null && !model.leases().containsKey(hostId)) {
            throw new IllegalArgumentException("no host " + hostId + " is known or leased");
        }
        List<Change> changes = new ArrayList<>();
        if (state != null && state.host != null) {
            state.accepted.values().forEach(spec -> changes.add(new Change.RemoveInstance(instanceId(hostId, spec))));
            changes.add(new Change.RemoveHost(HostId.of(hostId)));
        }
        Ipv4Prefix lease = model.leases().get(hostId);
        CompletableFuture<Void> programmed = model.release(hostId, changes);
        hosts.remove(hostId);
        LOG.info("host {} forgotten: lease {} released, {} instances removed", hostId, lease,
                Math.max(0, changes.size() - 1));
        return programmed;
    }

    private Ipv4Prefix lease(String hostId) {
        Enrolment.hostCapRefusal(hostId, model.leases().keySet(), limits.maxHosts()).ifPresent(refusal -> {
            throw new IllegalStateException(refusal);
        });
        SubnetPool.Leased leased = model.lease(hostId);
        if (leased.isNew()) {
            LOG.info("host {} leased overlay subnet {}", hostId, leased.subnet());
        }
        return leased.subnet();
    }

    /**
     * The subnet and the tunnel port. Both operations are idempotent (nothing is sent when the host already
     * is as asked), so they are asked for on every snapshot, but never twice at once.
     */
    private void writeBack(HostState state, OvsdbSession session, HostSnapshot snapshot, Ipv4Prefix subnet,
                           Ipv4Address underlay) {
        if (state.subnetWrite.compareAndSet(false, true)) {
            track(state, state.subnetWrite, () -> session.setOpenVswitchExternalId(HostSnapshot.SUBNET_KEY,
                    subnet.toString()), "write appnet-subnet=" + subnet);
        }
        if (snapshot.bridge(BRIDGE).isPresent() && state.tunnelWrite.compareAndSet(false, true)) {
            track(state, state.tunnelWrite, () -> session.ensureTunnelPort(BRIDGE, TUNNEL_PORT,
                    TunnelOptions.flowBased(underlay.toString())), "create tunnel port " + TUNNEL_PORT);
        }
    }

    /** Starts the operation and clears {@code inFlight} when it ends, also when it cannot even start. */
    private static void track(HostState state, AtomicBoolean inFlight, Supplier<CompletableFuture<?>> start,
                              String what) {
        CompletableFuture<?> operation;
        try {
            operation = start.get();
        } catch (RuntimeException refused) {
            inFlight.set(false);
            throw refused;
        }
        operation.whenComplete((outcome, failure) -> {
            inFlight.set(false);
            if (failure != null) {
                LOG.error("OVSDB host {}: could not {}: {}", state.hostId, what, failure.getMessage());
            }
        });
    }

    private void apply(HostState state, Ipv4Address underlay, Ipv4Prefix subnet, HostReading reading) {
        logRejections(state, reading.rejected());
        state.rejected = reading.rejected();
        state.pending = reading.pending();
        OptionalLong datapath = reading.datapathId();
        OptionalInt tunnelPort = reading.tunnelPort();
        if (datapath.isEmpty() || tunnelPort.isEmpty()) {
            state.problem = datapath.isEmpty() ? "waiting for the datapath id of " + BRIDGE
                    : "waiting for the OpenFlow port of " + TUNNEL_PORT;
            return;
        }
        state.datapath = datapath.getAsLong();
        HostId hostId = HostId.of(state.hostId);
        Host host = new Host(hostId, underlay, subnet, tunnelPort.getAsInt());
        List<Change> changes = new ArrayList<>();
        if (!host.equals(state.host)) {
            changes.add(Change.putHost(host));
        }
        Map<String, InstanceSpec> wanted = reading.instances();
        Map<String, InstanceSpec> kept = new LinkedHashMap<>(state.accepted);
        List<InstanceSpec> additions = new ArrayList<>();
        for (InstanceSpec old : state.accepted.values()) {
            if (!old.equals(wanted.get(old.interfaceName()))) {
                changes.add(new Change.RemoveInstance(instanceId(state.hostId, old)));
                kept.remove(old.interfaceName());
            }
        }
        for (InstanceSpec spec : wanted.values()) {
            if (!spec.equals(state.accepted.get(spec.interfaceName()))) {
                additions.add(spec);
            }
        }
        if (!changes.isEmpty()) {
            model.apply(changes, StoreWrite.none()); // host and removals: refused only by a bug
            state.host = host;
        }
        state.accepted = kept;
        addInstances(state, hostId, additions);
        state.problem = "";
        if (state.bound == null || state.bound != datapath.getAsLong()) {
            model.bind(hostId, datapath.getAsLong());
            state.bound = datapath.getAsLong();
            LOG.info("host {} (underlay {}, subnet {}) runs on switch {}", hostId, underlay, subnet,
                    Long.toHexString(datapath.getAsLong()));
        }
    }

    /**
     * Stores the host's topology when it differs from what was stored last. After the change it records: a crash
     * in between leaves the previous topology stored, which the host's next report corrects before its switch is
     * reconciled, and which other hosts' switches held anyway.
     */
    private void remember(HostState state) {
        List<StoredHost.Instance> instances = new ArrayList<>();
        state.accepted.values().forEach(spec -> instances.add(new StoredHost.Instance(spec.interfaceName(),
                spec.appGuid(), spec.ip().toString(), spec.mac().toString(), spec.ofport())));
        StoredHost row = new StoredHost(state.hostId, state.host.underlayIp().toString(), state.host.tunnelPort(),
                state.bound, state.gatewayAsked, instances);
        if (!row.equals(state.stored)) {
            model.remember(StoreWrite.none().puttingHosts(List.of(row)));
            state.stored = row;
        }
    }

    /** A joined host that asks to be a gateway becomes one if its fields are right (GatewayLiveness decides when). */
    private void readGateway(HostState state, HostSnapshot snapshot) {
        GatewayReading reading = GatewayReading.read(snapshot, state.host.id(), BRIDGE, state.host.tunnelPort());
        String problem = reading.problem().orElse("");
        if (!problem.isEmpty() && !problem.equals(state.gatewayProblem)) {
            if (reading.pending()) {
                LOG.info("OVSDB host {}: {}", state.hostId, problem);
            } else {
                LOG.error("OVSDB host {}: {}", state.hostId, problem);
            }
        }
        state.gatewayProblem = problem;
        state.gatewayAsked = reading.asksToBeGateway();
        gateways.reported(state.host.id(), state.bound, reading.gateway());
    }

    /** All at once; if the model refuses, one by one, so only the refused instance is left out. */
    private void addInstances(HostState state, HostId host, List<InstanceSpec> additions) {
        if (additions.isEmpty()) {
            return;
        }
        try {
            model.apply(additions.stream().map(spec -> addition(state.hostId, host, spec)).toList(),
                    StoreWrite.none());
            additions.forEach(spec -> state.accepted.put(spec.interfaceName(), spec));
            return;
        } catch (ModelException refusedTogether) {
            // fall through
        }
        Map<String, String> rejected = new TreeMap<>(state.rejected);
        for (InstanceSpec spec : additions) {
            try {
                model.apply(List.of(addition(state.hostId, host, spec)), StoreWrite.none());
                state.accepted.put(spec.interfaceName(), spec);
            } catch (ModelException refused) {
                rejected.put(spec.interfaceName(), refused.getMessage());
            }
        }
        logRejections(state, rejected);
        state.rejected = rejected;
    }

    private static Change addition(String hostId, HostId host, InstanceSpec spec) {
        return new Change.AddInstance(instanceId(hostId, spec), spec.appGuid(), host, spec.ofport(), spec.ip(),
                spec.mac());
    }

    private static InstanceId instanceId(String hostId, InstanceSpec spec) {
        return InstanceId.of(hostId + "/" + spec.interfaceName());
    }

    private static void logRejections(HostState state, Map<String, String> rejected) {
        rejected.forEach((iface, reason) -> {
            if (!Objects.equals(state.rejected.get(iface), reason)) {
                LOG.warn("host {}: interface {} rejected: {}", state.hostId, iface, reason);
            }
        });
    }

    /** One host's state; fields are written on the OVSDB event thread only. */
    private static final class HostState {
        final String hostId;
        volatile OvsdbSession session;
        volatile Ipv4Prefix subnet;
        volatile Host host;
        volatile Long datapath;
        volatile Long bound; // the datapath the model last bound this host to
        volatile Map<String, InstanceSpec> accepted = Map.of();
        volatile Map<String, String> rejected = Map.of();
        volatile Map<String, String> pending = Map.of();
        volatile String problem = "";
        volatile Instant goneSince;
        volatile String gatewayProblem = "";
        volatile boolean gatewayAsked;
        volatile StoredHost stored; // the topology last stored for this host, null if none
        final AtomicBoolean subnetWrite = new AtomicBoolean();
        final AtomicBoolean tunnelWrite = new AtomicBoolean();

        HostState(String hostId) {
            this.hostId = hostId;
        }

        HostStatus status(String shownProblem) {
            OvsdbSession current = session;
            return new HostStatus(hostId, Optional.ofNullable(host).map(Host::underlayIp), Optional.ofNullable(subnet),
                    current != null && current.isActive(), Optional.ofNullable(datapath),
                    Optional.ofNullable(host).map(Host::tunnelPort),
                    accepted.size(), rejected, pending, shownProblem);
        }
    }
}
