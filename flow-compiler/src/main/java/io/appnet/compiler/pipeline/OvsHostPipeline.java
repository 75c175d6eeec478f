package io.appnet.compiler.pipeline;

import static io.appnet.compiler.pipeline.Registers.DESTINATION_APP;
import static io.appnet.compiler.pipeline.Registers.DESTINATION_PORT;
import static io.appnet.compiler.pipeline.Registers.FROM_TUNNEL;
import static io.appnet.compiler.pipeline.Registers.POLICY_DESTINATION;
import static io.appnet.compiler.pipeline.Registers.POLICY_SOURCE;
import static io.appnet.compiler.pipeline.Registers.REPLY_CHECK;
import static io.appnet.compiler.pipeline.Registers.SERVICE_PORT;
import static io.appnet.compiler.pipeline.Registers.SOURCE_APP;
import static io.appnet.compiler.pipeline.Registers.SOURCE_ZONE;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.Action.Conntrack;
import io.appnet.compiler.flow.Action.CtZone;
import io.appnet.compiler.flow.Cookie;
import io.appnet.compiler.flow.FieldSlice;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.Instructions;
import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.GroupName;
import io.appnet.compiler.model.GroupPolicy;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Policy;
import io.appnet.compiler.model.PolicySet;
import io.appnet.compiler.model.Protocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The "OVS host" profile: the br-int pipeline of a host (see {@link Tables} and the module README).
 * Enforcement happens at the destination host; the source host only checks port security and routes.
 * Per host, flows grow with hosts + local instances + policies towards local apps, never with all
 * instances: remote destinations are routed by subnet, and the source app travels in tun_id.
 */
public final class OvsHostPipeline implements Pipeline {

    /** The virtual gateway MAC every container learns; locally administered, unicast. */
    public static final MacAddress DEFAULT_GATEWAY_MAC = MacAddress.parse("0a:00:00:00:00:01");

    static final int POLICY_PRIORITY = 100;
    static final int GROUP_POLICY_PRIORITY = 200;

    private static final long MULTICAST_BIT = 0x0100_0000_0000L;
    private static final FieldSlice APP_BITS_OF_SOURCE = FieldSlice.of(SOURCE_APP, 0, 24);

    private final MacAddress gatewayMac;

    public OvsHostPipeline(MacAddress gatewayMac) {
        this.gatewayMac = gatewayMac;
    }

    public static OvsHostPipeline withDefaults() {
        return new OvsHostPipeline(DEFAULT_GATEWAY_MAC);
    }

    @Override
    public Set<HostId> datapaths(Network network) {
        return network.topology().hosts().asMap().keySet();
    }

    @Override
    public Compilation compilation(Network network) {
        return new OvsHostCompilation(this, network);
    }

    @Override
    public Affected affected(Change change, Network before, Network after) {
        Affected affected = new Affected();
        if (change instanceof Change.PutHost put) {
            hostAndPeers(affected, put.host().id(), after);
        } else if (change instanceof Change.RemoveHost remove) {
            hostAndPeers(affected, remove.host(), before);
        } else if (change instanceof Change.AddInstance add) {
            after.topology().instance(add.id()).ifPresent(i -> instanceChanged(affected, i, before, after));
        } else if (change instanceof Change.RemoveInstance remove) {
            before.topology().instance(remove.id()).ifPresent(i -> instanceChanged(affected, i, before, after));
        } else if (change instanceof Change.AddPolicy add) {
            policyChanged(affected, after.policies().policies().get(add.id()), after);
        } else if (change instanceof Change.AddGroupPolicy add) {
            groupPolicyChanged(affected, after.policies().groupPolicies().get(add.id()), after);
        } else if (change instanceof Change.RemovePolicy remove) {
            policyChanged(affected, before.policies().policies().get(remove.id()), before);
            groupPolicyChanged(affected, before.policies().groupPolicies().get(remove.id()), before);
        } else if (change instanceof Change.PutGroup put) {
            for (GroupPolicy groupPolicy : after.policies().groupPoliciesOf(put.name())) {
                groupPolicyChanged(affected, groupPolicy, before);
                groupPolicyChanged(affected, groupPolicy, after);
            }
        }
        EgressAffected.of(affected, change, before, after);
        // App registration, groups nobody uses, services and service policies have no flows on hosts.
        return affected;
    }

    private static void hostAndPeers(Affected affected, HostId changed, Network network) {
        affected.wholeDatapath(changed);
        for (HostId other : network.topology().hosts().keys()) {
            affected.owner(other, new Owner.Peer(changed));
        }
    }

    private static void instanceChanged(Affected affected, Instance instance, Network before, Network after) {
        HostId host = instance.host();
        affected.owner(host, new Owner.Instance(instance.id()));
        AppId app = instance.app();
        if (before.topology().runsOn(app, host) != after.topology().runsOn(app, host)) {
            for (Policy policy : after.policies().policiesTo(app)) {
                affected.owner(host, new Owner.Policy(policy.id()));
            }
            for (GroupPolicy groupPolicy : groupPoliciesTowards(after.policies(), app)) {
                affected.owner(host, new Owner.GroupPolicy(groupPolicy.id()));
            }
        }
    }

    private static void policyChanged(Affected affected, Policy policy, Network network) {
        if (policy != null) {
            for (HostId host : network.topology().hostsOf(policy.destination())) {
                affected.owner(host, new Owner.Policy(policy.id()));
            }
        }
    }

    private static void groupPolicyChanged(Affected affected, GroupPolicy policy, Network network) {
        if (policy == null) {
            return;
        }
        network.policies().group(policy.destination()).ifPresent(group -> {
            for (AppId member : group.members()) {
                for (HostId host : network.topology().hostsOf(member)) {
                    affected.owner(host, new Owner.GroupPolicy(policy.id()));
                }
            }
        });
    }

    /** Group policies whose destination group contains the app. */
    static Collection<GroupPolicy> groupPoliciesTowards(PolicySet policies, AppId app) {
        Set<GroupName> groups = policies.groupsOf(app);
        if (groups.isEmpty()) {
            return List.of();
        }
        Set<GroupPolicy> towards = new HashSet<>();
        for (GroupName group : groups) {
            for (GroupPolicy policy : policies.groupPoliciesOf(group)) {
                if (policy.destination().equals(group)) {
                    towards.add(policy);
                }
            }
        }
        return towards;
    }

    // ---- flows per owner -------------------------------------------------------------------------

    private static FlowEntry flow(int table, int priority, Match match, Instructions instructions, Cookie cookie) {
        return FlowEntry.of(table, priority, match, instructions, cookie);
    }

    private static FlowEntry drop(int table, int priority, Match match, DropReason reason) {
        return flow(table, priority, match, Instructions.drop(), reason.cookie());
    }

    private static Cookie infrastructure(int table) {
        return Cookie.of(Cookie.Kind.INFRASTRUCTURE, table);
    }

    private static Action move(MatchField from, MatchField to, int bits) {
        return Action.move(FieldSlice.of(from, 0, bits), FieldSlice.of(to, 0, bits));
    }

    private static CtZone zoneIn(MatchField register) {
        return CtZone.from(FieldSlice.of(register, 0, 16));
    }

    List<FlowEntry> infrastructure(Host host) {
        List<FlowEntry> flows = new ArrayList<>();
        // classify: what no instance or peer flow accepted.
        flows.add(drop(Tables.CLASSIFY, 100, Match.builder().inPort(host.tunnelPort()).build(),
                DropReason.UNKNOWN_TUNNEL_SOURCE));
        flows.add(drop(Tables.CLASSIFY, 50, Match.builder().masked(MatchField.ETH_DST, MULTICAST_BIT, MULTICAST_BIT)
                .build(), DropReason.BROADCAST));
        flows.add(drop(Tables.CLASSIFY, 0, Match.any(), DropReason.SPOOFED_SOURCE));

        // ARP responder: any request for an address of the subnet is answered with the gateway MAC.
        long mac = gatewayMac.bits();
        flows.add(flow(Tables.ARP_RESPONDER, 100, ArpReply.requestFor(host.subnet()), ArpReply.from(mac),
                infrastructure(Tables.ARP_RESPONDER)));
        flows.add(drop(Tables.ARP_RESPONDER, 0, Match.any(), DropReason.UNANSWERED_ARP));

        // Sending side: track in the sender's zone.
        flows.add(flow(Tables.EGRESS_CONNTRACK, 0, Match.builder().ip().build(),
                Instructions.apply(Conntrack.track(zoneIn(SOURCE_ZONE), Tables.EGRESS_STATE)),
                infrastructure(Tables.EGRESS_CONNTRACK)));
        flows.add(drop(Tables.EGRESS_STATE, 300, Match.builder().ip().ctState("+inv+trk").build(),
                DropReason.INVALID_CONNECTION));
        flows.add(flow(Tables.EGRESS_STATE, 200, Match.builder().ip().ctState("+est+rpl+trk").build(),
                Instructions.applyThenGoto(Tables.POLICY_PORTS,
                        Action.setField(REPLY_CHECK, 1),
                        move(MatchField.CT_MARK, POLICY_SOURCE, 24),
                        move(SOURCE_APP, POLICY_DESTINATION, 24)),
                infrastructure(Tables.EGRESS_STATE)));
        flows.add(flow(Tables.EGRESS_STATE, 150, Match.builder().ip().ctState("+rel+trk").build(),
                Instructions.gotoTable(Tables.ROUTE), infrastructure(Tables.EGRESS_STATE)));
        flows.add(flow(Tables.EGRESS_STATE, 100, Match.builder().ip().ctState("+est+trk").build(),
                Instructions.gotoTable(Tables.ROUTE), infrastructure(Tables.EGRESS_STATE)));
        flows.add(flow(Tables.EGRESS_STATE, 100, Match.builder().ip().ctState("+new+trk").build(),
                Instructions.applyThenGoto(Tables.ROUTE, Conntrack.commit(zoneIn(SOURCE_ZONE), List.of())),
                infrastructure(Tables.EGRESS_STATE)));
        flows.add(drop(Tables.EGRESS_STATE, 0, Match.any(), DropReason.INVALID_CONNECTION));

        flows.add(drop(Tables.ROUTE, 0, Match.any(), DropReason.UNKNOWN_DESTINATION));

        // Receiving side: track in the receiver's zone.
        flows.add(flow(Tables.INGRESS_CONNTRACK, 0, Match.builder().ip().build(),
                Instructions.apply(Conntrack.track(zoneIn(DESTINATION_PORT), Tables.INGRESS_STATE)),
                infrastructure(Tables.INGRESS_CONNTRACK)));
        flows.add(drop(Tables.INGRESS_STATE, 300, Match.builder().ip().ctState("+inv+trk").build(),
                DropReason.INVALID_CONNECTION));
        flows.add(flow(Tables.INGRESS_STATE, 200, Match.builder().ip().ctState("+est+rpl+trk")
                        .exact(MatchField.CT_MARK, 0).build(),
                Instructions.gotoTable(Tables.DELIVER), infrastructure(Tables.INGRESS_STATE)));
        flows.add(flow(Tables.INGRESS_STATE, 150, Match.builder().ip().ctState("+rel+trk").build(),
                Instructions.gotoTable(Tables.DELIVER), infrastructure(Tables.INGRESS_STATE)));
        flows.add(flow(Tables.INGRESS_STATE, 100, Match.builder().ip().ctState("+trk").build(),
                Instructions.applyThenGoto(Tables.POLICY_PORTS,
                        Action.setField(REPLY_CHECK, 0),
                        move(SOURCE_APP, POLICY_SOURCE, 24),
                        move(DESTINATION_APP, POLICY_DESTINATION, 24)),
                infrastructure(Tables.INGRESS_STATE)));

        // The service port: destination port of the original direction.
        for (int protocol : new int[] {Match.IP_PROTO_TCP, Match.IP_PROTO_UDP}) {
            boolean tcp = protocol == Match.IP_PROTO_TCP;
            MatchField destination = tcp ? MatchField.TCP_DST : MatchField.UDP_DST;
            MatchField source = tcp ? MatchField.TCP_SRC : MatchField.UDP_SRC;
            flows.add(flow(Tables.POLICY_PORTS, 100, Match.builder().ipProto(protocol).exact(REPLY_CHECK, 0).build(),
                    Instructions.applyThenGoto(Tables.POLICY, move(destination, SERVICE_PORT, 16)),
                    infrastructure(Tables.POLICY_PORTS)));
            flows.add(flow(Tables.POLICY_PORTS, 100, Match.builder().ipProto(protocol).exact(REPLY_CHECK, 1).build(),
                    Instructions.applyThenGoto(Tables.POLICY, move(source, SERVICE_PORT, 16)),
                    infrastructure(Tables.POLICY_PORTS)));
        }
        flows.add(flow(Tables.POLICY_PORTS, 0, Match.any(), Instructions.gotoTable(Tables.POLICY),
                infrastructure(Tables.POLICY_PORTS)));

        flows.add(drop(Tables.POLICY, 1, Match.builder().ip().ctState("+new+trk").build(), DropReason.NO_POLICY));
        flows.add(drop(Tables.POLICY, 0, Match.any(), DropReason.POLICY_REVOKED));

        flows.add(flow(Tables.POLICY_ALLOWED, 200, Match.builder().exact(REPLY_CHECK, 1).build(),
                Instructions.apply(Action.resubmit(Tables.ROUTE)), infrastructure(Tables.POLICY_ALLOWED)));
        flows.add(flow(Tables.POLICY_ALLOWED, 100, Match.builder().ip().ctState("+new+trk").build(),
                Instructions.applyThenGoto(Tables.DELIVER, Conntrack.commit(zoneIn(DESTINATION_PORT),
                        List.of(move(POLICY_SOURCE, MatchField.CT_MARK, 24)))),
                infrastructure(Tables.POLICY_ALLOWED)));
        flows.add(flow(Tables.POLICY_ALLOWED, 0, Match.any(), Instructions.gotoTable(Tables.DELIVER),
                infrastructure(Tables.POLICY_ALLOWED)));
        return flows;
    }

    static List<FlowEntry> peer(int tunnelPort, Host peer) {
        Cookie cookie = Cookie.of(Cookie.Kind.PEER_HOST, peer.underlayIp().unsigned());
        return List.of(
                flow(Tables.CLASSIFY, 200, Match.builder().inPort(tunnelPort)
                                .exact(MatchField.TUN_SRC, peer.underlayIp().unsigned()).build(),
                        Instructions.applyThenGoto(Tables.ROUTE,
                                Action.move(FieldSlice.of(MatchField.TUN_ID, 0, 24), APP_BITS_OF_SOURCE),
                                Action.setField(FROM_TUNNEL, 1)),
                        cookie),
                flow(Tables.ROUTE, 100, Match.builder().ip().exact(FROM_TUNNEL, 0)
                                .masked(MatchField.IPV4_DST, peer.subnet().network().unsigned(),
                                        peer.subnet().mask() & 0xFFFFFFFFL).build(),
                        Instructions.apply(
                                Action.move(APP_BITS_OF_SOURCE, FieldSlice.of(MatchField.TUN_ID, 0, 24)),
                                Action.setField(MatchField.TUN_DST, peer.underlayIp().unsigned()),
                                Action.output(tunnelPort)),
                        cookie));
    }

    List<FlowEntry> instance(Instance instance) {
        Cookie cookie = Cookie.of(Cookie.Kind.INSTANCE, instance.port());
        long ip = instance.ip().unsigned();
        long mac = instance.mac().bits();
        return List.of(
                flow(Tables.CLASSIFY, 300, Match.builder().ip().inPort(instance.port())
                                .exact(MatchField.ETH_SRC, mac).exact(MatchField.ETH_DST, gatewayMac.bits())
                                .exact(MatchField.IPV4_SRC, ip).build(),
                        Instructions.applyThenGoto(Tables.EGRESS_CONNTRACK,
                                Action.setField(SOURCE_APP, instance.app().value()),
                                Action.setField(SOURCE_ZONE, instance.port())),
                        cookie),
                flow(Tables.CLASSIFY, 300, Match.builder().arp().inPort(instance.port())
                                .exact(MatchField.ETH_SRC, mac).exact(MatchField.ARP_SPA, ip)
                                .exact(MatchField.ARP_SHA, mac).build(),
                        Instructions.gotoTable(Tables.ARP_RESPONDER), cookie),
                flow(Tables.ROUTE, 200, Match.builder().ip().exact(MatchField.IPV4_DST, ip).build(),
                        Instructions.applyThenGoto(Tables.INGRESS_CONNTRACK,
                                Action.setField(DESTINATION_APP, instance.app().value()),
                                Action.setField(DESTINATION_PORT, instance.port()),
                                Action.setField(MatchField.ETH_SRC, gatewayMac.bits()),
                                Action.setField(MatchField.ETH_DST, mac)),
                        cookie),
                flow(Tables.DELIVER, 100, Match.builder().exact(DESTINATION_PORT, instance.port()).build(),
                        Instructions.apply(Action.output(instance.port())), cookie));
    }

    private static Match.Builder protocolMatch(Protocol protocol) {
        return protocol == Protocol.ALL ? Match.builder().ip() : Match.builder().ipProto(protocol.ipProtocol());
    }

    static List<FlowEntry> policy(Policy policy) {
        Cookie cookie = Cookie.of(Cookie.Kind.POLICY, policy.id().value());
        List<FlowEntry> flows = new ArrayList<>();
        for (PortMasks.Masked ports : serviceMasks(policy.protocol(), policy)) {
            Match.Builder match = protocolMatch(policy.protocol())
                    .exact(POLICY_SOURCE, policy.source().value())
                    .exact(POLICY_DESTINATION, policy.destination().value());
            if (ports.mask() != 0) {
                match.masked(SERVICE_PORT, ports.value(), ports.mask());
            }
            flows.add(flow(Tables.POLICY, POLICY_PRIORITY, match.build(), Instructions.gotoTable(Tables.POLICY_ALLOWED),
                    cookie));
        }
        return flows;
    }

    private static List<PortMasks.Masked> serviceMasks(Protocol protocol, Policy policy) {
        return protocol.hasPorts() ? PortMasks.of(policy.ports()) : List.of(new PortMasks.Masked(0, 0));
    }

    /**
     * The part of a group policy's conjunctive match that is the same on every host: one clause per
     * source app, one per port block (absent for protocol all), and the {@code conj_id} flow. Empty if
     * the source group is empty or missing. See {@link #groupPolicyDestinations}.
     */
    static List<FlowEntry> groupPolicyShared(GroupPolicy policy, Network network) {
        var sources = network.policies().group(policy.source()).map(g -> g.members()).orElse(null);
        if (sources == null || sources.isEmpty()) {
            return List.of();
        }
        long id = policy.id().value();
        int clauses = clauses(policy);
        List<FlowEntry> flows = new ArrayList<>();
        for (AppId source : sources) {
            flows.add(clause(Match.builder().exact(POLICY_SOURCE, source.value()).build(), id, 1, clauses,
                    (1L << 24) | source.value()));
        }
        if (clauses == 3) {
            List<PortMasks.Masked> blocks = policy.protocol().hasPorts() ? PortMasks.of(policy.ports())
                    : List.of(new PortMasks.Masked(0, 0));
            for (PortMasks.Masked ports : blocks) {
                Match.Builder match = protocolMatch(policy.protocol());
                if (ports.mask() != 0) {
                    match.masked(SERVICE_PORT, ports.value(), ports.mask());
                }
                flows.add(clause(match.build(), id, 3, 3, 3L << 24));
            }
        }
        flows.add(flow(Tables.POLICY, GROUP_POLICY_PRIORITY, Match.builder().exact(MatchField.CONJ_ID, id).build(),
                Instructions.gotoTable(Tables.POLICY_ALLOWED), Cookie.of(Cookie.Kind.GROUP_POLICY, id)));
        return List.copyOf(flows);
    }

    /**
     * The host's part of a group policy: one clause per destination app running on the host. With the
     * shared part, flows grow with |source group| + |local destination apps| + port blocks, not with
     * their product.
     */
    static List<FlowEntry> groupPolicyDestinations(GroupPolicy policy, Network network, HostId datapath) {
        var destinations = network.policies().group(policy.destination()).map(g -> g.members()).orElse(null);
        if (destinations == null) {
            return List.of();
        }
        List<FlowEntry> flows = new ArrayList<>();
        for (AppId destination : destinations) {
            if (network.topology().runsOn(destination, datapath)) {
                flows.add(groupPolicyDestination(policy, destination));
            }
        }
        return flows;
    }

    /** The clause of a group policy for one app of its destination group (on every host of the app). */
    static FlowEntry groupPolicyDestination(GroupPolicy policy, AppId destination) {
        return clause(Match.builder().exact(POLICY_DESTINATION, destination.value()).build(),
                policy.id().value(), 2, clauses(policy), (2L << 24) | destination.value());
    }

    private static int clauses(GroupPolicy policy) {
        return policy.protocol() == Protocol.ALL ? 2 : 3;
    }

    private static FlowEntry clause(Match match, long id, int clause, int clauses, long cookieId) {
        return flow(Tables.POLICY, GROUP_POLICY_PRIORITY, match,
                Instructions.apply(Action.conjunction(id, clause, clauses)),
                Cookie.of(Cookie.Kind.GROUP_CLAUSE, cookieId));
    }
}
