package io.appnet.controller;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.status.StatusService;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.StoredState;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.controller.topology.GatewayLiveness;
import io.appnet.controller.topology.GatewaySwitches;
import io.appnet.controller.topology.SettleGate;
import io.appnet.controller.topology.TopologyService;
import io.appnet.ovs.ovsdb.OvsdbServer;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole controller in one object, wired in the order a change flows: the OpenFlow listener and the flow
 * programmer; the network model restored from the store (it compiles, commits, then hands updates to the
 * programmer); the policy service and the topology (the OVSDB manager's listener), which change the model; and
 * the settle gate, which holds the programmer's reconciles after a restart; and the status service, the read
 * side of all of them. The Karaf components and the
 * end-to-end tests both start it this way. The store stays the caller's to close.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    /** The gateways' NAT conntrack zone (flow-compiler {@code GatewayFlows.ZONE}), flushed when one comes back. */
    static final int GATEWAY_NAT_ZONE = 0xFF00;

    private final SwitchManager switches;
    private final NetworkProgrammer programmer;
    private final NetworkModel model;
    private final PolicyService policies;
    private final SettleGate settle;
    private final TopologyService topology;
    private final StatusService status;
    private final GatewayLiveness gateways;
    private final OvsdbServer ovsdb;

    private Controller(SwitchManager switches, NetworkProgrammer programmer, NetworkModel model,
                       PolicyService policies, SettleGate settle, TopologyService topology,
                       GatewayLiveness gateways, OvsdbServer ovsdb) {
        this.switches = switches;
        this.programmer = programmer;
        this.model = model;
        this.policies = policies;
        this.settle = settle;
        this.topology = topology;
        this.status = new StatusService(model, policies, topology, programmer, switches);
        this.gateways = gateways;
        this.ovsdb = ovsdb;
    }

    public static Controller start(ControllerConfig config, ControllerStore store) throws InterruptedException {
        StoredState state = store.load();
        Map<String, Ipv4Prefix> leases = new LinkedHashMap<>();
        state.leases().forEach((host, cidr) -> leases.put(host, Ipv4Prefix.parse(cidr)));
        SubnetPool pool = SubnetPool.of(config.overlay(), config.subnetLength(), leases);
        SwitchManager switches = new SwitchManager(config.openflowAddress(), config.openflow());
        NetworkProgrammer programmer = null;
        SettleGate settle = null;
        GatewayLiveness gateways = null;
        try {
            programmer = new NetworkProgrammer(switches, config.auditInterval(), true);
            NetworkModel model = new NetworkModel(FlowCompiler.ovsHosts(), NetworkModel.restore(state, config.egress()), pool, store,
                    programmer);
            PolicyService policies = new PolicyService(model);
            switches.addListener(programmer);
            gateways = new GatewayLiveness(model, GatewaySwitches.of(programmer, GATEWAY_NAT_ZONE));
            switches.addListener(gateways);
            NetworkProgrammer flows = programmer;
            GatewayLiveness liveness = gateways;
            settle = new SettleGate(leases.keySet(), config.settleTimeout(), () -> {
                flows.releaseReconciles();
                liveness.startAnnouncing();
            });
            TopologyService topology = new TopologyService(model, settle, gateways);
            OvsdbServer ovsdb = OvsdbServer.start(config.ovsdb(), topology);
            LOG.info("controller started: {} apps, {} policies, {} host leases restored; OpenFlow on {}, OVSDB on {}; "
                    + "nat.pool of {} addresses, nat.mode {}", state.appIds().size(), state.policies().size(),
                    leases.size(), switches.localAddress(), ovsdb.localAddress(), config.egress().poolSize(),
                    config.egress().mode());
            return new Controller(switches, programmer, model, policies, settle, topology, gateways, ovsdb);
        } catch (Exception e) { // also what Netty throws undeclared, e.g. a failed bind
            if (gateways != null) {
                gateways.close();
            }
            if (settle != null) {
                settle.close();
            }
            if (programmer != null) {
                programmer.close();
            }
            switches.close();
            throw e;
        }
    }

    public PolicyService policies() {
        return policies;
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

    /** Stops listening and drops every session; switches keep their flows (fail_mode=secure). */
    @Override
    public void close() {
        gateways.close(); // first: closing our own sessions must not look like lost gateways
        ovsdb.close();
        switches.close();
        settle.close();
        programmer.close();
    }
}
