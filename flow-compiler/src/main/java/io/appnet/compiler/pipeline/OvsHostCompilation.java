package io.appnet.compiler.pipeline;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Egress;
import io.appnet.compiler.model.EgressPolicy;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.GroupPolicy;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Policy;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.Topology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The OVS host flows of one network. Flows that are the same on many hosts are built once and shared
 * (they are immutable): a policy's flows, the peer flows of a host for a given tunnel port, the
 * host-independent part of a group policy. That is most of the work of a full compile.
 */
final class OvsHostCompilation implements Pipeline.Compilation {

    private record PeerKey(HostId peer, int tunnelPort) {
    }

    /** A group policy's clause for one destination app: the same on every host of the app. */
    private record DestinationClause(PolicyId policy, AppId destination) {
    }

    private final OvsHostPipeline pipeline;
    private final Network network;
    private final ConcurrentHashMap<PolicyId, List<FlowEntry>> policies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AppId, List<FlowEntry>> policyFlowsTo = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PolicyId, List<FlowEntry>> groupPolicies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AppId, List<GroupPolicy>> groupPoliciesTowards = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DestinationClause, FlowEntry> destinationClauses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PeerKey, List<FlowEntry>> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, List<PeerFlows>> peersByTunnelPort = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, List<FlowEntry>> selections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PolicyId, List<FlowEntry>> gatewayPolicies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PolicyId, EgressFlows.HostParts> hostParts = new ConcurrentHashMap<>();

    OvsHostCompilation(OvsHostPipeline pipeline, Network network) {
        this.pipeline = pipeline;
        this.network = network;
    }

    @Override
    public Collection<Owner> owners(HostId datapath) {
        Topology topology = network.topology();
        List<Owner> owners = new ArrayList<>();
        owners.add(new Owner.Infrastructure());
        topology.hosts().forEach((peer, host) -> {
            if (!peer.equals(datapath)) {
                owners.add(new Owner.Peer(peer));
            }
        });
        for (Instance instance : topology.instancesOn(datapath)) {
            owners.add(new Owner.Instance(instance.id()));
        }
        Set<Owner> towardsLocalApps = new LinkedHashSet<>();
        for (AppId app : topology.appsOn(datapath)) {
            for (Policy policy : network.policies().policiesTo(app)) {
                owners.add(new Owner.Policy(policy.id()));
            }
            for (GroupPolicy groupPolicy : OvsHostPipeline.groupPoliciesTowards(network.policies(), app)) {
                towardsLocalApps.add(new Owner.GroupPolicy(groupPolicy.id()));
            }
        }
        owners.addAll(towardsLocalApps);
        owners.addAll(egressOwners(datapath));
        return owners;
    }

    /** The egress owners of a datapath: the gateway role, or a source host's policies and gateway choice. */
    private List<Owner> egressOwners(HostId datapath) {
        List<Owner> owners = new ArrayList<>();
        Egress egress = network.egress();
        if (egress.isGateway(datapath)) {
            owners.add(new Owner.Gateway());
            egress.policies().forEach((id, policy) -> owners.add(new Owner.EgressPolicy(id)));
            egress.addresses().forEach((app, address) -> owners.add(new Owner.EgressAddress(app)));
            return owners;
        }
        owners.add(new Owner.EgressSelection());
        Set<AppId> local = network.topology().appsOn(datapath);
        for (EgressPolicy policy : EgressFlows.policiesFrom(network, local)) {
            owners.add(new Owner.EgressPolicy(policy.id()));
        }
        for (AppId app : local) {
            if (egress.address(app).isPresent()) {
                owners.add(new Owner.EgressAddress(app));
            }
        }
        return owners;
    }

    private List<FlowEntry> infrastructure(Host host) {
        List<FlowEntry> flows = new ArrayList<>(pipeline.infrastructure(host));
        flows.addAll(EgressFlows.infrastructure(host, network));
        return flows;
    }

    @Override
    public void flowsOn(HostId datapath, Consumer<FlowEntry> sink) {
        Host host = network.topology().hosts().get(datapath);
        if (host == null) {
            return;
        }
        infrastructure(host).forEach(sink);
        for (PeerFlows peer : peerFlows(host.tunnelPort())) {
            if (!peer.host().equals(datapath)) {
                peer.flows().forEach(sink);
            }
        }
        Topology topology = network.topology();
        for (Instance instance : topology.instancesOn(datapath)) {
            pipeline.instance(instance).forEach(sink);
        }
        // Per group policy towards local apps: its shared part once, then a clause per local destination app.
        Map<GroupPolicy, List<AppId>> towardsLocalApps = new LinkedHashMap<>();
        for (AppId app : topology.appsOn(datapath)) {
            policyFlowsTo.computeIfAbsent(app, this::policyFlowsTo).forEach(sink);
            for (GroupPolicy groupPolicy : groupPoliciesTowards.computeIfAbsent(app,
                    to -> List.copyOf(OvsHostPipeline.groupPoliciesTowards(network.policies(), to)))) {
                towardsLocalApps.computeIfAbsent(groupPolicy, policy -> new ArrayList<>()).add(app);
            }
        }
        towardsLocalApps.forEach((groupPolicy, apps) -> {
            List<FlowEntry> shared = groupPolicies.computeIfAbsent(groupPolicy.id(),
                    id -> OvsHostPipeline.groupPolicyShared(groupPolicy, network));
            if (shared.isEmpty()) {
                return;
            }
            shared.forEach(sink);
            for (AppId app : apps) {
                sink.accept(destinationClauses.computeIfAbsent(new DestinationClause(groupPolicy.id(), app),
                        key -> OvsHostPipeline.groupPolicyDestination(groupPolicy, app)));
            }
        });
        for (Owner owner : egressOwners(datapath)) {
            flows(owner, datapath).forEach(sink);
        }
    }

    /** The flows of every policy towards the app: the same on every host the app runs on. */
    private List<FlowEntry> policyFlowsTo(AppId app) {
        List<FlowEntry> flows = new ArrayList<>();
        for (Policy policy : network.policies().policiesTo(app)) {
            flows.addAll(policies.computeIfAbsent(policy.id(), id -> OvsHostPipeline.policy(policy)));
        }
        return flows;
    }

    /** A peer host and the flows every other host with the same tunnel port has for it. */
    private record PeerFlows(HostId host, List<FlowEntry> flows) {
    }

    private List<PeerFlows> peerFlows(int tunnelPort) {
        return peersByTunnelPort.computeIfAbsent(tunnelPort, port -> {
            List<PeerFlows> all = new ArrayList<>();
            network.topology().hosts().forEach((id, peer) -> all.add(new PeerFlows(id,
                    peers.computeIfAbsent(new PeerKey(id, port), key -> OvsHostPipeline.peer(port, peer)))));
            return all;
        });
    }

    private List<FlowEntry> groupPolicyFlows(GroupPolicy groupPolicy, HostId datapath) {
        List<FlowEntry> local = OvsHostPipeline.groupPolicyDestinations(groupPolicy, network, datapath);
        List<FlowEntry> shared = groupPolicies.computeIfAbsent(groupPolicy.id(),
                id -> OvsHostPipeline.groupPolicyShared(groupPolicy, network));
        if (local.isEmpty() || shared.isEmpty()) {
            return List.of();
        }
        List<FlowEntry> flows = new ArrayList<>(shared);
        flows.addAll(local);
        return flows;
    }

    @Override
    public List<FlowEntry> flows(Owner owner, HostId datapath) {
        Host host = network.topology().hosts().get(datapath);
        if (host == null) {
            return List.of();
        }
        if (owner instanceof Owner.Infrastructure) {
            return infrastructure(host);
        } else if (owner instanceof Owner.Peer peer) {
            Host other = network.topology().hosts().get(peer.peer());
            if (other == null || other.id().equals(datapath)) {
                return List.of();
            }
            return peers.computeIfAbsent(new PeerKey(other.id(), host.tunnelPort()),
                    key -> OvsHostPipeline.peer(host.tunnelPort(), other));
        } else if (owner instanceof Owner.Instance instance) {
            return network.topology().instance(instance.instance())
                    .filter(found -> found.host().equals(datapath))
                    .map(pipeline::instance).orElse(List.of());
        } else if (owner instanceof Owner.Policy policy) {
            Policy found = network.policies().policies().get(policy.policy());
            if (found == null || !network.topology().runsOn(found.destination(), datapath)) {
                return List.of();
            }
            return policies.computeIfAbsent(found.id(), id -> OvsHostPipeline.policy(found));
        } else if (owner instanceof Owner.GroupPolicy groupPolicy) {
            GroupPolicy found = network.policies().groupPolicies().get(groupPolicy.policy());
            return found == null ? List.of() : groupPolicyFlows(found, datapath);
        }
        return egressFlows(owner, host);
    }

    private List<FlowEntry> egressFlows(Owner owner, Host host) {
        Egress egress = network.egress();
        Gateway gateway = egress.gateways().get(host.id());
        if (owner instanceof Owner.Gateway) {
            return gateway == null ? List.of() : GatewayFlows.role(gateway, network);
        } else if (owner instanceof Owner.EgressSelection) {
            return gateway != null ? List.of()
                    : selections.computeIfAbsent(host.tunnelPort(), port -> EgressFlows.selection(port, network));
        } else if (owner instanceof Owner.EgressPolicy egressPolicy) {
            EgressPolicy policy = egress.policies().get(egressPolicy.policy());
            if (policy == null) {
                return List.of();
            }
            if (gateway == null) {
                return EgressFlows.policyOnHost(hostParts.computeIfAbsent(policy.id(),
                        id -> EgressFlows.hostParts(policy, network)), network, host.id());
            }
            boolean carried = egress.destination(policy.destination())
                    .map(destination -> egress.carries(host.id(), destination)).orElse(false);
            return carried ? gatewayPolicies.computeIfAbsent(policy.id(), id -> GatewayFlows.policy(policy, network))
                    : List.of();
        } else if (owner instanceof Owner.EgressAddress address) {
            if (gateway != null) {
                return GatewayFlows.perApp(address.app(), gateway, network);
            }
            return network.topology().runsOn(address.app(), host.id())
                    ? EgressFlows.home(address.app(), host.tunnelPort(), network) : List.of();
        }
        throw new IllegalArgumentException("unknown owner " + owner);
    }
}
