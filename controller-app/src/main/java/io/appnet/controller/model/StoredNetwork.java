package io.appnet.controller.model;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Destination;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.GroupName;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.InstanceId;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredDestination;
import io.appnet.controller.store.StoredEgressAddress;
import io.appnet.controller.store.StoredEgressPolicy;
import io.appnet.controller.store.StoredGroup;
import io.appnet.controller.store.StoredGroupPolicy;
import io.appnet.controller.store.StoredHost;
import io.appnet.controller.store.StoredPolicy;
import io.appnet.controller.store.StoredState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between stored rows and the compiler's model: the changes that rebuild a stored network (hosts and instances
 * included), a destination row as a {@link Change.PutDestination} and back, and the per-app egress addresses a
 * change gave or took.
 */
public final class StoredNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(StoredNetwork.class);

    private StoredNetwork() {
    }

    static Network restore(StoredState state, EgressSettings egress) {
        Network network = Network.empty().apply(Change.configureEgress(egress));
        List<Change> changes = new ArrayList<>();
        state.appIds().forEach((guid, id) -> changes.add(Change.restoreApp(guid, id)));
        network = network.applyAll(changes);
        // An address from a pool or mode the configuration no longer has is not restored: the app gets a new one.
        for (Map.Entry<String, String> address : state.egressAddresses().entrySet()) {
            try {
                network = network.apply(new Change.RestoreEgressAddress(address.getKey(),
                        Ipv4Address.parse(address.getValue())));
            } catch (ModelException stale) {
                LOG.warn("the stored egress address {} of app {} is not restored: {}", address.getValue(),
                        address.getKey(), stale.getMessage());
            }
        }
        changes.clear();
        for (StoredGroup group : state.groups()) {
            changes.add(Change.putGroup(group.id(), new HashSet<>(group.members())));
        }
        for (StoredPolicy policy : state.policies()) {
            changes.add(new Change.AddPolicy(PolicyId.of(policy.id()), policy.sourceGuid(), policy.destinationGuid(),
                    Protocol.parse(policy.protocol()), new PortRange(policy.startPort(), policy.endPort())));
        }
        for (StoredGroupPolicy policy : state.groupPolicies()) {
            changes.add(Change.addGroupPolicy(policy.id(), policy.sourceGroup(), policy.destinationGroup(),
                    Protocol.parse(policy.protocol()), new PortRange(policy.startPort(), policy.endPort())));
        }
        state.destinations().forEach(destination -> changes.add(putDestination(destination)));
        state.egressPolicies().forEach(policy -> changes.add(addEgressPolicy(policy)));
        return restoreHosts(network.applyAll(changes), state);
    }

    /**
     * Each stored host with its lease, and its instances, as they were when it last reported; a host whose row no
     * longer fits (its lease released, an address outside its subnet) is left out, to join afresh when it reports.
     */
    private static Network restoreHosts(Network network, StoredState state) {
        for (StoredHost stored : state.hosts()) {
            String lease = state.leases().get(stored.hostId());
            try {
                if (lease == null) {
                    throw new ModelException("it holds no lease");
                }
                network = network.applyAll(hostChanges(stored, Ipv4Prefix.parse(lease)));
            } catch (IllegalArgumentException stale) { // ModelException, or an unparsable address
                LOG.warn("the stored topology of host {} is not restored: {}", stored.hostId(), stale.getMessage());
            }
        }
        return network;
    }

    /** The stored host and its instances as the changes that put them into a network. */
    public static List<Change> hostChanges(StoredHost stored, Ipv4Prefix subnet) {
        HostId host = HostId.of(stored.hostId());
        List<Change> changes = new ArrayList<>();
        changes.add(Change.putHost(new Host(host, Ipv4Address.parse(stored.underlayIp()), subnet,
                stored.tunnelPort())));
        for (StoredHost.Instance instance : stored.instances()) {
            changes.add(new Change.AddInstance(InstanceId.of(stored.hostId() + "/" + instance.interfaceName()),
                    instance.appGuid(), host, instance.ofport(), Ipv4Address.parse(instance.ip()),
                    MacAddress.parse(instance.mac())));
        }
        return changes;
    }

    /** The change that puts a stored destination under its stored pseudo app ID. */
    public static Change.PutDestination putDestination(StoredDestination row) {
        List<DestinationRule> rules = new ArrayList<>();
        for (StoredDestination.Rule rule : row.rules()) {
            rules.add(new DestinationRule(Protocol.parse(rule.protocol()),
                    rule.ips().stream().map(IpRange::parse).toList(),
                    rule.ports().stream().map(StoredNetwork::portRange).toList(), rule.icmpType(), rule.icmpCode()));
        }
        Set<HostId> gateways = new TreeSet<>();
        row.gateways().forEach(gateway -> gateways.add(HostId.of(gateway)));
        return new Change.PutDestination(row.id(), row.name(), rules, gateways, AppId.of(row.pseudoAppId()));
    }

    /** The row of a destination as the model holds it, with the description only the controller keeps. */
    public static StoredDestination row(Destination destination, String description) {
        List<StoredDestination.Rule> rules = new ArrayList<>();
        for (DestinationRule rule : destination.rules()) {
            rules.add(new StoredDestination.Rule(rule.protocol().toString(),
                    rule.ips().stream().map(range -> range.start() + "-" + range.end()).toList(),
                    rule.ports().stream().map(range -> range.start() + "-" + range.end()).toList(), rule.icmpType(),
                    rule.icmpCode()));
        }
        return new StoredDestination(destination.id(), destination.name(), description, rules,
                destination.gateways().stream().map(HostId::toString).toList(), destination.pseudoAppId().value());
    }

    /** The change that adds a stored egress policy (a space is a group). */
    public static Change addEgressPolicy(StoredEgressPolicy policy) {
        return policy.sourceType().equals("space")
                ? new Change.AddEgressPolicy(PolicyId.of(policy.id()), null, GroupName.of(policy.sourceId()),
                policy.destinationId())
                : new Change.AddEgressPolicy(PolicyId.of(policy.id()), policy.sourceId(), null, policy.destinationId());
    }

    private static PortRange portRange(String text) {
        int dash = text.indexOf('-');
        return new PortRange(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
    }

    /**
     * What brings the stored per-app egress addresses in line with a restored network: addresses a changed pool or
     * mode no longer allows were not restored, and their apps may hold new ones. Empty when nothing differs.
     */
    public static StoreWrite addressRepair(StoredState state, Network restored) {
        List<StoredEgressAddress> put = new ArrayList<>();
        Set<String> freed = new HashSet<>(state.egressAddresses().keySet());
        restored.egress().addresses().forEach((app, address) -> {
            String guid = restored.appGuid(app).orElseThrow();
            freed.remove(guid);
            if (!address.toString().equals(state.egressAddresses().get(guid))) {
                put.add(new StoredEgressAddress(guid, address.toString()));
            }
        });
        return put.isEmpty() && freed.isEmpty() ? StoreWrite.none() : StoreWrite.none().withEgressAddresses(put, freed);
    }

    /** {@code write} plus the per-app egress addresses that differ from {@code before} to {@code after}. */
    static StoreWrite withAddressChanges(StoreWrite write, Network before, Network after) {
        var old = before.egress().addresses();
        var now = after.egress().addresses();
        if (old == now || old.isEmpty() && now.isEmpty()) {
            return write;
        }
        List<StoredEgressAddress> put = new ArrayList<>();
        Set<String> freed = new HashSet<>();
        now.forEach((app, address) -> {
            if (!address.equals(old.get(app))) {
                put.add(new StoredEgressAddress(after.appGuid(app).orElseThrow(), address.toString()));
            }
        });
        old.forEach((app, address) -> {
            if (!now.containsKey(app)) {
                before.appGuid(app).ifPresent(freed::add);
            }
        });
        return put.isEmpty() && freed.isEmpty() ? write : write.withEgressAddresses(put, freed);
    }
}
