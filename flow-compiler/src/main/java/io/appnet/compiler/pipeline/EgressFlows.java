package io.appnet.compiler.pipeline;

import static io.appnet.compiler.pipeline.Registers.EGRESS_DESTINATION;
import static io.appnet.compiler.pipeline.Registers.EXTERNAL_IP;
import static io.appnet.compiler.pipeline.Registers.FROM_TUNNEL;
import static io.appnet.compiler.pipeline.Registers.SERVICE_PORT;
import static io.appnet.compiler.pipeline.Registers.SOURCE_APP;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.Cookie;
import io.appnet.compiler.flow.FieldSlice;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.Instructions;
import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Destination;
import io.appnet.compiler.model.Egress;
import io.appnet.compiler.model.EgressPolicy;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.NatMode;
import io.appnet.compiler.model.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source host's part of egress (tables 31-33): a packet of a local instance to an address outside the
 * overlay and the host subnets is checked against the egress policies of its app (a conjunction per policy:
 * source app x destination match), then tunnelled, with the source app as VNI, to the gateway chosen for
 * it. Every packet is checked, not only the first, so removing a policy cuts established connections.
 */
final class EgressFlows {

    static final int POLICY_PRIORITY = 100;
    private static final FieldSlice APP_BITS = FieldSlice.of(SOURCE_APP, 0, 24);

    private EgressFlows() {
    }

    /** Route to egress, the staging of table 31 and the default drops; the same on every host. */
    static List<FlowEntry> infrastructure(Host host, Network network) {
        List<FlowEntry> flows = new ArrayList<>();
        Cookie route = Cookie.of(Cookie.Kind.INFRASTRUCTURE, Tables.ROUTE);
        // Inside the platform but no instance or host: unknown, never external.
        flows.add(drop(Tables.ROUTE, 20, Match.builder().ip().masked(MatchField.IPV4_DST,
                host.subnet().network().unsigned(), host.subnet().mask() & 0xFFFFFFFFL).build(),
                DropReason.UNKNOWN_DESTINATION));
        network.egress().settings().overlay().ifPresent(overlay -> flows.add(drop(Tables.ROUTE, 20,
                Match.builder().ip().masked(MatchField.IPV4_DST, overlay.network().unsigned(),
                        overlay.mask() & 0xFFFFFFFFL).build(), DropReason.UNKNOWN_DESTINATION)));
        flows.add(FlowEntry.of(Tables.ROUTE, 10, Match.builder().ip().exact(FROM_TUNNEL, 0).build(),
                Instructions.gotoTable(Tables.EGRESS_PREP), route));

        Cookie prep = Cookie.of(Cookie.Kind.INFRASTRUCTURE, Tables.EGRESS_PREP);
        Action address = move(MatchField.IPV4_DST, EXTERNAL_IP, 32);
        flows.add(FlowEntry.of(Tables.EGRESS_PREP, 100, Match.builder().ipProto(Match.IP_PROTO_TCP).build(),
                Instructions.applyThenGoto(Tables.EGRESS_POLICY, address, move(MatchField.TCP_DST, SERVICE_PORT, 16)),
                prep));
        flows.add(FlowEntry.of(Tables.EGRESS_PREP, 100, Match.builder().ipProto(Match.IP_PROTO_UDP).build(),
                Instructions.applyThenGoto(Tables.EGRESS_POLICY, address, move(MatchField.UDP_DST, SERVICE_PORT, 16)),
                prep));
        flows.add(FlowEntry.of(Tables.EGRESS_PREP, 0, Match.builder().ip().build(),
                Instructions.applyThenGoto(Tables.EGRESS_POLICY, address), prep));

        flows.add(drop(Tables.EGRESS_POLICY, 1, Match.builder().ip().ctState("+new+trk").build(), DropReason.NO_POLICY));
        flows.add(drop(Tables.EGRESS_POLICY, 0, Match.any(), DropReason.POLICY_REVOKED));
        flows.add(drop(Tables.EGRESS_SELECT, 0, Match.any(), DropReason.NO_GATEWAY));
        return flows;
    }

    /** A policy's flows that are the same on every host (destination clauses, decision) and its source clauses. */
    record HostParts(Map<AppId, FlowEntry> sources, List<FlowEntry> shared) {
        static final HostParts NONE = new HostParts(Map.of(), List.of());
    }

    /** Built once per policy and compilation, then cut per host by {@link #policyOnHost}. */
    static HostParts hostParts(EgressPolicy policy, Network network) {
        Destination destination = network.egress().destination(policy.destination()).orElse(null);
        Set<AppId> sources = network.sourceApps(policy);
        if (destination == null || sources.isEmpty()) {
            return HostParts.NONE;
        }
        List<FlowEntry> flows = conjunction(policy, sources, destination, Tables.EGRESS_POLICY, Tables.EGRESS_SELECT,
                false);
        Map<AppId, FlowEntry> bySource = new HashMap<>();
        List<FlowEntry> shared = new ArrayList<>();
        for (FlowEntry flow : flows) {
            var source = flow.match().field(SOURCE_APP);
            if (source.isPresent()) {
                bySource.put(AppId.of((int) source.get().value()), flow);
            } else {
                shared.add(flow);
            }
        }
        return new HostParts(bySource, List.copyOf(shared));
    }

    /**
     * An egress policy on a source host: a clause per source app running there, the destination's clauses
     * and the decision flow (counted per policy), which stages the destination for the gateway choice.
     */
    static List<FlowEntry> policyOnHost(HostParts parts, Network network, HostId host) {
        List<FlowEntry> flows = new ArrayList<>();
        parts.sources().forEach((app, flow) -> {
            if (network.topology().runsOn(app, host)) {
                flows.add(flow);
            }
        });
        if (flows.isEmpty()) {
            return List.of();
        }
        flows.sort(java.util.Comparator.comparing(flow -> flow.cookie().value()));
        flows.addAll(parts.shared());
        return flows;
    }

    /** The conjunctive match of an egress policy in a policy table, ending in {@code next}. */
    static List<FlowEntry> conjunction(EgressPolicy policy, Iterable<AppId> sources, Destination destination,
                                       int table, int next, boolean replies) {
        long id = policy.id().value();
        List<FlowEntry> flows = new ArrayList<>();
        for (AppId app : sources) {
            flows.add(FlowEntry.of(table, POLICY_PRIORITY, Match.builder().exact(SOURCE_APP, app.value()).build(),
                    Instructions.apply(Action.conjunction(id, 1, 2)), Cookie.of(Cookie.Kind.EGRESS_CLAUSE, app.value())));
        }
        if (flows.isEmpty()) {
            return List.of();
        }
        Cookie clause = Cookie.of(Cookie.Kind.EGRESS_CLAUSE, (1L << 24) | destination.pseudoAppId().value());
        for (Match match : EgressRules.matches(destination, replies)) {
            flows.add(FlowEntry.of(table, POLICY_PRIORITY, match, Instructions.apply(Action.conjunction(id, 2, 2)),
                    clause));
        }
        flows.add(FlowEntry.of(table, POLICY_PRIORITY, Match.builder().exact(MatchField.CONJ_ID, id).build(),
                Instructions.applyThenGoto(next, Action.setField(EGRESS_DESTINATION, destination.pseudoAppId().value())),
                Cookie.of(Cookie.Kind.EGRESS_POLICY, id)));
        return flows;
    }

    /**
     * The gateway choice, the same on every host with this tunnel port: a pinned destination spreads over its
     * gateways; in shared mode everything else over the gateways with NAT (per-app mode: see {@link #home}).
     */
    static List<FlowEntry> selection(int tunnelPort, Network network) {
        Egress egress = network.egress();
        List<FlowEntry> flows = new ArrayList<>();
        for (Destination destination : egress.destinations().values()) {
            if (!destination.pinned()) {
                continue;
            }
            Match pinned = Match.builder().exact(EGRESS_DESTINATION, destination.pseudoAppId().value()).build();
            List<HostId> carriers = egress.carriers(destination);
            if (carriers.isEmpty()) {
                flows.add(drop(Tables.EGRESS_SELECT, 200, pinned, DropReason.NO_GATEWAY));
            } else {
                flows.addAll(Slots.spread(carriers, Tables.EGRESS_SELECT, 200, pinned,
                        gateway -> toGateway(tunnelPort, network, gateway), gateway -> selectCookie(network, gateway)));
            }
        }
        if (egress.settings().mode() == NatMode.SHARED) {
            List<HostId> nat = new ArrayList<>();
            egress.shares().forEach((gateway, share) -> {
                if (!share.isEmpty()) {
                    nat.add(gateway);
                }
            });
            nat.sort(null);
            if (!nat.isEmpty()) {
                flows.addAll(Slots.spread(nat, Tables.EGRESS_SELECT, 100, Match.any(),
                        gateway -> toGateway(tunnelPort, network, gateway), gateway -> selectCookie(network, gateway)));
            }
        }
        return flows;
    }

    /** Per-app mode: the app's unpinned connections go to the gateway holding its address. */
    static List<FlowEntry> home(AppId app, int tunnelPort, Network network) {
        return network.egress().home(app).map(gateway -> List.of(FlowEntry.of(Tables.EGRESS_SELECT, 150,
                        Match.builder().ip().exact(SOURCE_APP, app.value()).build(), toGateway(tunnelPort, network,
                                gateway), selectCookie(network, gateway))))
                .orElse(List.of());
    }

    private static Instructions toGateway(int tunnelPort, Network network, HostId gateway) {
        Host host = network.topology().hosts().get(gateway);
        return Instructions.apply(Action.move(APP_BITS, FieldSlice.of(MatchField.TUN_ID, 0, 24)),
                Action.setField(MatchField.TUN_DST, host.underlayIp().unsigned()), Action.output(tunnelPort));
    }

    private static Cookie selectCookie(Network network, HostId gateway) {
        return Cookie.of(Cookie.Kind.EGRESS_SELECT, network.topology().hosts().get(gateway).underlayIp().unsigned());
    }

    /** The policies whose source apps include one running on the host. */
    static Set<EgressPolicy> policiesFrom(Network network, Set<AppId> apps) {
        Set<EgressPolicy> policies = new java.util.LinkedHashSet<>();
        for (AppId app : apps) {
            policies.addAll(network.egress().policiesOfApp(app));
            network.policies().groupsOf(app).forEach(group -> policies.addAll(network.egress().policiesOfGroup(group)));
        }
        return policies;
    }

    static Action move(MatchField from, MatchField to, int bits) {
        return Action.move(FieldSlice.of(from, 0, bits), FieldSlice.of(to, 0, bits));
    }

    static FlowEntry drop(int table, int priority, Match match, DropReason reason) {
        return FlowEntry.of(table, priority, match, Instructions.drop(), reason.cookie());
    }
}
