package io.appnet.compiler.pipeline;

import static io.appnet.compiler.pipeline.EgressFlows.drop;
import static io.appnet.compiler.pipeline.EgressFlows.move;
import static io.appnet.compiler.pipeline.Registers.EGRESS_DESTINATION;
import static io.appnet.compiler.pipeline.Registers.EXTERNAL_IP;
import static io.appnet.compiler.pipeline.Registers.FROM_TUNNEL;
import static io.appnet.compiler.pipeline.Registers.REPLY_CHECK;
import static io.appnet.compiler.pipeline.Registers.SERVICE_PORT;
import static io.appnet.compiler.pipeline.Registers.SOURCE_APP;

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
import io.appnet.compiler.model.Destination;
import io.appnet.compiler.model.EgressPolicy;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.NatMode;
import io.appnet.compiler.model.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway role of a host (tables 70-76). From a tunnel: conntrack with NAT in the gateway's zone, the
 * egress policy re-checked by source app (VNI), destination, protocol and port, a new connection committed
 * with SNAT (ct_mark = source app), out of the uplink to the next hop. From the uplink: only replies of
 * those connections pass, un-SNATed, re-checked with the app from ct_mark, and tunnelled back to the
 * instance's host with the destination's pseudo app ID as VNI; everything else is dropped as unsolicited.
 */
final class GatewayFlows {

    /** The conntrack zone of the gateway's connections: above every OpenFlow port number (instance zones). */
    static final int ZONE = 0xFF00;
    /** Source ports SNAT may use: leaves the well-known ports alone. */
    static final int NAT_PORT_MIN = 1024;
    static final int NAT_PORT_MAX = 65535;
    private static final CtZone CT_ZONE = CtZone.of(ZONE);
    private static final FieldSlice APP_BITS = FieldSlice.of(SOURCE_APP, 0, 24);
    private static final FieldSlice MARK_APP_BITS = FieldSlice.of(MatchField.CT_MARK, 0, 24);

    private GatewayFlows() {
    }

    private static Cookie cookie(int table) {
        return Cookie.of(Cookie.Kind.GATEWAY, table);
    }

    private static FlowEntry flow(int table, int priority, Match match, Instructions instructions) {
        return FlowEntry.of(table, priority, match, instructions, cookie(table));
    }

    static List<FlowEntry> role(Gateway gateway, Network network) {
        List<FlowEntry> flows = new ArrayList<>();
        int uplink = gateway.uplinkPort();
        flows.add(flow(Tables.CLASSIFY, 300, Match.builder().ip().inPort(uplink).build(),
                Instructions.applyThenGoto(Tables.GATEWAY_CONNTRACK, Action.setField(FROM_TUNNEL, 2))));
        flows.add(flow(Tables.CLASSIFY, 300, Match.builder().arp().inPort(uplink).exact(MatchField.ARP_OP, 1).build(),
                Instructions.gotoTable(Tables.GATEWAY_ARP)));
        flows.add(drop(Tables.CLASSIFY, 290, Match.builder().inPort(uplink).build(), DropReason.UNSOLICITED));
        flows.add(flow(Tables.ROUTE, 10, Match.builder().ip().exact(FROM_TUNNEL, 1).build(),
                Instructions.gotoTable(Tables.GATEWAY_CONNTRACK)));

        flows.add(flow(Tables.GATEWAY_CONNTRACK, 0, Match.builder().ip().build(),
                Instructions.apply(Conntrack.trackNat(CT_ZONE, Tables.GATEWAY_STATE))));

        flows.add(drop(Tables.GATEWAY_STATE, 300, Match.builder().ip().ctState("+inv+trk").build(),
                DropReason.INVALID_CONNECTION));
        flows.add(flow(Tables.GATEWAY_STATE, 200, Match.builder().ip().ctState("-rpl+trk").exact(FROM_TUNNEL, 1).build(),
                Instructions.applyThenGoto(Tables.GATEWAY_PORTS, Action.setField(REPLY_CHECK, 0),
                        move(MatchField.IPV4_DST, EXTERNAL_IP, 32))));
        flows.add(flow(Tables.GATEWAY_STATE, 200, Match.builder().ip().ctState("+est+rpl+trk").exact(FROM_TUNNEL, 2)
                        .build(),
                Instructions.applyThenGoto(Tables.GATEWAY_PORTS, Action.setField(REPLY_CHECK, 1),
                        move(MatchField.IPV4_SRC, EXTERNAL_IP, 32), Action.move(MARK_APP_BITS, APP_BITS))));
        flows.add(drop(Tables.GATEWAY_STATE, 100, Match.builder().exact(FROM_TUNNEL, 2).build(),
                DropReason.UNSOLICITED));
        flows.add(drop(Tables.GATEWAY_STATE, 0, Match.any(), DropReason.INVALID_CONNECTION));

        for (int protocol : new int[] {Match.IP_PROTO_TCP, Match.IP_PROTO_UDP}) {
            boolean tcp = protocol == Match.IP_PROTO_TCP;
            MatchField destination = tcp ? MatchField.TCP_DST : MatchField.UDP_DST;
            MatchField source = tcp ? MatchField.TCP_SRC : MatchField.UDP_SRC;
            flows.add(flow(Tables.GATEWAY_PORTS, 100, Match.builder().ipProto(protocol).exact(REPLY_CHECK, 0).build(),
                    Instructions.applyThenGoto(Tables.GATEWAY_POLICY, move(destination, SERVICE_PORT, 16))));
            flows.add(flow(Tables.GATEWAY_PORTS, 100, Match.builder().ipProto(protocol).exact(REPLY_CHECK, 1).build(),
                    Instructions.applyThenGoto(Tables.GATEWAY_POLICY, move(source, SERVICE_PORT, 16))));
        }
        flows.add(flow(Tables.GATEWAY_PORTS, 0, Match.any(), Instructions.gotoTable(Tables.GATEWAY_POLICY)));

        flows.add(drop(Tables.GATEWAY_POLICY, 1, Match.builder().ip().ctState("+new+trk").build(),
                DropReason.NO_POLICY));
        flows.add(drop(Tables.GATEWAY_POLICY, 0, Match.any(), DropReason.POLICY_REVOKED));

        flows.add(flow(Tables.GATEWAY_ALLOWED, 200, Match.builder().exact(REPLY_CHECK, 1).build(),
                Instructions.apply(Action.move(FieldSlice.of(EGRESS_DESTINATION, 0, 24), APP_BITS),
                        Action.setField(FROM_TUNNEL, 0), Action.resubmit(Tables.ROUTE))));
        flows.addAll(commits(gateway, network));
        flows.add(drop(Tables.GATEWAY_ALLOWED, 90, Match.builder().ip().ctState("+new+trk").build(),
                DropReason.NO_GATEWAY));
        flows.add(flow(Tables.GATEWAY_ALLOWED, 50, Match.builder().ip().build(),
                Instructions.gotoTable(Tables.GATEWAY_UPLINK)));

        flows.add(flow(Tables.GATEWAY_UPLINK, 0, Match.builder().ip().build(), Instructions.apply(
                Action.setField(MatchField.ETH_SRC, gateway.uplinkMac().bits()),
                Action.setField(MatchField.ETH_DST, gateway.nextHopMac().bits()), Action.output(uplink))));

        for (Ipv4Prefix prefix : answered(gateway, network)) {
            flows.add(arpReply(prefix, gateway));
        }
        flows.add(drop(Tables.GATEWAY_ARP, 0, Match.any(), DropReason.UNANSWERED_ARP));
        return flows;
    }

    /**
     * The commit of a new connection: without NAT; shared mode: SNAT to the gateway's share (one flow per
     * contiguous run of it, spread by hash of the flow); per-app mode: see {@link #perApp}.
     */
    private static List<FlowEntry> commits(Gateway gateway, Network network) {
        Match fresh = Match.builder().ip().ctState("+new+trk").build();
        if (!gateway.nat()) {
            return List.of(flow(Tables.GATEWAY_ALLOWED, 100, fresh, Instructions.applyThenGoto(Tables.GATEWAY_UPLINK,
                    Conntrack.commit(CT_ZONE, List.of(Action.move(APP_BITS, MARK_APP_BITS))))));
        }
        if (network.egress().settings().mode() == NatMode.PER_APP) {
            return List.of();
        }
        List<IpRange> share = network.egress().share(gateway.host());
        if (share.isEmpty()) {
            return List.of();
        }
        return Slots.spread(share, Tables.GATEWAY_ALLOWED, 100, fresh, run -> snat(run.start(), run.end()),
                run -> cookie(Tables.GATEWAY_ALLOWED));
    }

    private static Instructions snat(Ipv4Address first, Ipv4Address last) {
        return Instructions.applyThenGoto(Tables.GATEWAY_UPLINK, Conntrack.commitNat(CT_ZONE,
                Action.Nat.source(first.unsigned(), last.unsigned(), NAT_PORT_MIN, NAT_PORT_MAX),
                List.of(Action.move(APP_BITS, MARK_APP_BITS))));
    }

    /** Per-app mode, on a gateway with NAT: the app's new connections are SNATed to its own address. */
    static List<FlowEntry> perApp(AppId app, Gateway gateway, Network network) {
        if (!gateway.nat()) {
            return List.of();
        }
        return network.egress().address(app).map(address -> List.of(FlowEntry.of(Tables.GATEWAY_ALLOWED, 110,
                Match.builder().ip().ctState("+new+trk").exact(SOURCE_APP, app.value()).build(), snat(address, address),
                cookie(Tables.GATEWAY_ALLOWED)))).orElse(List.of());
    }

    /** An egress policy on a gateway that carries its destination: every source app, replies included. */
    static List<FlowEntry> policy(EgressPolicy policy, Network network) {
        Destination destination = network.egress().destination(policy.destination()).orElse(null);
        if (destination == null) {
            return List.of();
        }
        return EgressFlows.conjunction(policy, network.sourceApps(policy), destination, Tables.GATEWAY_POLICY,
                Tables.GATEWAY_ALLOWED, true);
    }

    /** ARP on the uplink: the pool share with NAT, the overlay without (the service routes it to the gateway). */
    private static List<Ipv4Prefix> answered(Gateway gateway, Network network) {
        if (gateway.nat()) {
            return EgressRules.prefixes(network.egress().share(gateway.host()));
        }
        return network.egress().settings().overlay().map(List::of).orElse(List.of());
    }

    private static FlowEntry arpReply(Ipv4Prefix prefix, Gateway gateway) {
        return flow(Tables.GATEWAY_ARP, 100, ArpReply.requestFor(prefix), ArpReply.from(gateway.uplinkMac().bits()));
    }
}
