package io.appnet.controller;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.Network;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.controller.firewall.FirewallService;
import io.appnet.controller.firewall.FirewallSwitches;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.StoredNetwork;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.programmer.ReservedDatapaths;
import io.appnet.controller.status.StatusService;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredHost;
import io.appnet.controller.store.StoredState;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.controller.topology.Expiry;
import io.appnet.controller.topology.GatewayLiveness;
import io.appnet.controller.topology.GatewaySwitches;
import io.appnet.controller.topology.HeldHostEvents;
import io.appnet.controller.topology.ReconnectSettings;
import io.appnet.controller.topology.ReconnectNudge;
import io.appnet.controller.topology.ReconnectTuning;
import io.appnet.controller.topology.SettleGate;
import io.appnet.controller.topology.TopologyService;
import io.appnet.ovs.ovsdb.OvsdbServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole controller in one object, wired in the order a change flows: the OpenFlow listener and the flow
 * programmer; the network model restored from the store (it compiles, commits, then hands updates to the
 * programmer); the policy service and the topology (the OVSDB manager's listener), which change the model; and
 * the settle gate, which releases each host's reconciles after a restart; and the status service, the read
 * side of all of them. The Karaf components and the
 * end-to-end tests both start it this way. The store stays the caller's to close.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    /** The gateways' NAT conntrack zone (flow-compiler {@code GatewayFlows.ZONE}), flushed when one comes back. */
    static final int GATEWAY_NAT_ZONE = 0xFF00;
    /** How long a stop waits for the switches' sync markers (each is one bundle after the queued deltas). */
    private static final Duration MARKER_WRITES = Duration.ofSeconds(2);

    private final SwitchManager switches;
    private final NetworkProgrammer programmer;
    private final NetworkModel model;
    private final PolicyService policies;
    private final GroupService groups;
    private final EgressService egress;
    private final FirewallService firewalls;
    private final FirewallSwitches firewallSwitches;
    private final SettleGate settle;
    private final TopologyService topology;
    private final StatusService status;
    private final GatewayLiveness gateways;
    private final OvsdbServer ovsdb;
    private final ScheduledExecutorService expiry;
    private final ReconnectNudge nudge;

    private Controller(SwitchManager switches, NetworkProgrammer programmer, NetworkModel model,
                       PolicyService policies, GroupService groups, EgressService egress, FirewallService firewalls,
                       FirewallSwitches firewallSwitches, SettleGate settle,
                       TopologyService topology, GatewayLiveness gateways, OvsdbServer ovsdb,
                       ScheduledExecutorService expiry, ReconnectNudge nudge) {
        this.expiry = expiry;
        this.nudge = nudge;
        this.switches = switches;
        this.programmer = programmer;
        this.model = model;
        this.policies = policies;
        this.groups = groups;
        this.egress = egress;
        this.firewalls = firewalls;
        this.firewallSwitches = firewallSwitches;
        this.settle = settle;
        this.topology = topology;
        this.status = new StatusService(model, policies, egress, topology, programmer, switches);
        this.gateways = gateways;
        this.ovsdb = ovsdb;
    }

    /** Binds the listeners, then starts on {@code store} (already open: see {@link SouthboundListeners}). */
    public static Controller start(ControllerConfig config, ControllerStore store) throws InterruptedException {
        return start(SouthboundListeners.bind(config), store);
    }

    /**
     * Starts the controller on listeners bound before the store was opened, and takes them over (they are closed
     * if the start fails). A host that dialled meanwhile is served as soon as the store is read and compiled.
     */
    public static Controller start(SouthboundListeners listeners, ControllerStore store) {
        ControllerConfig config = listeners.config();
        SwitchManager switches = listeners.switches();
        HeldHostEvents hostEvents = listeners.hostEvents();
        ReconnectNudge nudge = listeners.nudge();
        OvsdbServer ovsdb = listeners.ovsdb();
        NetworkProgrammer programmer = null;
        SettleGate settle = null;
        ScheduledExecutorService expiry = null;
        GatewayLiveness gateways = null;
        FirewallSwitches firewallSwitches = null;
        try {
            StoredState state = store.load();
            Map<String, Ipv4Prefix> leases = new LinkedHashMap<>();
            state.leases().forEach((host, cidr) -> leases.put(host, Ipv4Prefix.parse(cidr)));
            SubnetPool pool = SubnetPool.of(config.overlay(), config.subnetLength(), leases);
            ReservedDatapaths firewallDatapaths = new ReservedDatapaths();
            programmer = new NetworkProgrammer(switches, config.auditInterval(), true, firewallDatapaths);
            Network restored = NetworkModel.restore(state, config.egress());
            StoreWrite repair = StoredNetwork.addressRepair(state, restored);
            if (!repair.isEmpty()) {
                store.commit(repair);
            }
            NetworkModel model = new NetworkModel(FlowCompiler.ovsHosts(), restored, pool, store, programmer);
            PolicyIds ids = new PolicyIds(model.network());
            PolicyService policies = new PolicyService(model, ids);
            GroupService groups = new GroupService(model, ids, state);
            EgressService egress = new EgressService(model, ids, state);
            FirewallService firewalls = new FirewallService(model, state, new FirewallDevices(), programmer::hostOf,
                    firewallDatapaths);
            firewallSwitches = new FirewallSwitches(firewalls, switches);
            switches.addListener(programmer);
            switches.addListener(firewallSwitches);
            gateways = new GatewayLiveness(model, GatewaySwitches.of(programmer, GATEWAY_NAT_ZONE));
            switches.addListener(gateways);
            NetworkProgrammer flows = programmer;
            GatewayLiveness liveness = gateways;
            settle = new SettleGate(awaited(leases.keySet(), state, model.network()), config.settleTimeout(),
                    new SettleGate.Releases() {
                        @Override
                        public void host(String hostId) {
                            flows.releaseReconciles(HostId.of(hostId));
                        }

                        @Override
                        public void opened(boolean timedOut) {
                            if (timedOut) {
                                flows.releaseReconciles();
                            }
                            liveness.startAnnouncing();
                        }
                    });
            TopologyService topology = new TopologyService(model, settle, config.limits(), gateways);
            topology.restore(state.hosts());
            ReconnectTuning reconnects = new ReconnectTuning(topology, ReconnectSettings.defaults(),
                    () -> switches.localAddress().getPort());
            switches.addListener(reconnects);
            hostEvents.deliverTo(reconnects);
            expiry = sweepExpired(config.expiry(), new Expiry(topology, model, config.expiry().isZero()
                    ? Duration.ofDays(1) : config.expiry(), Instant.now()));
            LOG.info("controller started: {} apps, {} policies, {} groups, {} group policies, {} destinations, {} egress"
                    + " policies, {} host leases restored; OpenFlow on {}, OVSDB on {}; nat.pool of {} addresses, nat.mode"
                    + " {}", state.appIds().size(), state.policies().size(), state.groups().size(),
                    state.groupPolicies().size(), state.destinations().size(), state.egressPolicies().size(),
                    leases.size(), switches.localAddress(), ovsdb.localAddress(), config.egress().poolSize(),
                    config.egress().mode());
            return new Controller(switches, programmer, model, policies, groups, egress, firewalls, firewallSwitches,
                    settle, topology, gateways, ovsdb, expiry, nudge);
        } catch (Exception e) { // also what Netty throws undeclared, e.g. a failed bind
            if (expiry != null) {
                expiry.shutdownNow();
            }
            if (gateways != null) {
                gateways.close();
            }
            if (firewallSwitches != null) {
                firewallSwitches.close();
            }
            if (settle != null) {
                settle.close();
            }
            if (programmer != null) {
                programmer.close();
            }
            listeners.close();
            throw e;
        }
    }

    /**
     * The hosts every host's reconcile waits for after a restart: those whose part of the model was not restored
     * (no stored topology, or one that no longer fits) and those that were egress gateways (a gateway's role comes
     * only from its own report, and every host's egress flows depend on it).
     */
    static Set<String> awaited(Set<String> leased, StoredState state, Network restored) {
        Set<String> awaited = new TreeSet<>(leased);
        for (StoredHost host : state.hosts()) {
            if (!host.gateway() && restored.topology().hosts().containsKey(HostId.of(host.hostId()))) {
                awaited.remove(host.hostId());
            }
        }
        return awaited;
    }

    /**
     * Sweeps for expired hosts and apps a few times per expiry period (at least each minute, at most each
     * second); a zero expiry sweeps never.
     */
    private static ScheduledExecutorService sweepExpired(Duration after, Expiry expiry) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "appnet-expiry");
            thread.setDaemon(true);
            return thread;
        });
        if (!after.isZero()) {
            long period = Math.max(1_000, Math.min(60_000, after.toMillis() / 4));
            timer.scheduleWithFixedDelay(() -> {
                try {
                    expiry.sweep(Instant.now());
                } catch (RuntimeException e) {
                    LOG.error("expiry sweep failed", e);
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }
        return timer;
    }

    public PolicyService policies() {
        return policies;
    }

    /** Groups (spaces) and group policies. */
    public GroupService groups() {
        return groups;
    }

    /** Destinations, egress policies and per-app egress addresses. */
    public EgressService egress() {
        return egress;
    }

    /** Hardware firewall registrations, their rules and their devices' state. */
    public FirewallService firewalls() {
        return firewalls;
    }

    public TopologyService topology() {
        return topology;
    }

    public NetworkModel model() {
        return model;
    }

    /** The read side that REST and the shell format. */
    public StatusService status() {
        return status;
    }

    public SettleGate settle() {
        return settle;
    }

    public NetworkProgrammer programmer() {
        return programmer;
    }

    public SwitchManager switches() {
        return switches;
    }

    public InetSocketAddress openflowAddress() {
        return switches.localAddress();
    }

    public InetSocketAddress ovsdbAddress() {
        return ovsdb.localAddress();
    }

    /**
     * Stops listening and drops every session; switches keep their flows (fail_mode=secure), and each switch in
     * sync gets its sync marker first, so the next start finds it in sync without reading its flows.
     */
    @Override
    public void close() {
        expiry.shutdownNow();
        gateways.close(); // before the sessions: closing our own sessions must not look like lost gateways
        int marked = programmer.writeSyncMarkers(MARKER_WRITES);
        LOG.info("sync markers written on {} of {} host switches", marked, topology.hosts().size());
        nudge.close();
        ovsdb.close();
        switches.close();
        firewallSwitches.close();
        settle.close();
        programmer.close();
    }
}
