package io.appnet.controller.core;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.StoredState;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.controller.topology.SubnetPool;
import io.appnet.controller.topology.TopologyService;
import io.appnet.ovs.ovsdb.OvsdbServer;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole controller in one object: the model restored from the store, the OpenFlow listener and the flow
 * programmer, the OVSDB manager and the topology it feeds, and the policy service. The Karaf components and
 * the end-to-end tests both start it this way. The store stays the caller's to close.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final SwitchManager switches;
    private final NetworkProgrammer programmer;
    private final NetworkService network;
    private final PolicyService policies;
    private final TopologyService topology;
    private final OvsdbServer ovsdb;

    private Controller(SwitchManager switches, NetworkProgrammer programmer, NetworkService network,
                       PolicyService policies, TopologyService topology, OvsdbServer ovsdb) {
        this.switches = switches;
        this.programmer = programmer;
        this.network = network;
        this.policies = policies;
        this.topology = topology;
        this.ovsdb = ovsdb;
    }

    public static Controller start(ControllerConfig config, ControllerStore store) throws InterruptedException {
        StoredState state = store.load();
        Map<String, Ipv4Prefix> leases = new LinkedHashMap<>();
        state.leases().forEach((host, cidr) -> leases.put(host, Ipv4Prefix.parse(cidr)));
        SubnetPool pool = SubnetPool.of(config.overlay(), config.subnetLength(), leases);
        SwitchManager switches = new SwitchManager(config.openflowAddress(), config.openflow());
        NetworkProgrammer programmer = null;
        TopologyService topology = null;
        try {
            programmer = new NetworkProgrammer(FlowCompiler.ovsHosts(), switches, NetworkService.restore(state),
                    !leases.isEmpty());
            NetworkService network = new NetworkService(programmer, store);
            PolicyService policies = new PolicyService(network, state.policies());
            switches.addListener(programmer);
            programmer.auditEvery(config.auditInterval());
            topology = new TopologyService(network, pool, config.settleTimeout());
            OvsdbServer ovsdb = OvsdbServer.start(config.ovsdb(), topology);
            LOG.info("controller started: {} apps, {} policies, {} host leases restored; OpenFlow on {}, OVSDB on {}",
                    state.appIds().size(), state.policies().size(), leases.size(), switches.localAddress(),
                    ovsdb.localAddress());
            return new Controller(switches, programmer, network, policies, topology, ovsdb);
        } catch (Exception e) { // also what Netty throws undeclared, e.g. a failed bind
            if (topology != null) {
                topology.close();
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

    public NetworkService network() {
        return network;
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
        ovsdb.close();
        switches.close();
        topology.close();
        programmer.close();
    }
}
