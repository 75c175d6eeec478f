package io.appnet.controller.bench;

import io.appnet.openflow.action.Action;
import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.action.Instructions;
import io.appnet.openflow.action.Subfield;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.message.FlowMod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Distinct flows shaped like the OVS host pipeline's (see flow-compiler's golden {@code host-a.flows}), in the
 * proportions a large host would have: most are app-to-app policy flows in table 51, the rest port security
 * (table 0), tunnel ingress by underlay source and by VNI (tables 0 and 1), delivery and routes to remote hosts
 * (table 30), external-service policies on tcp_dst (table 51) and output (table 60). Deterministic: the same
 * count always gives the same flows.
 */
final class BenchmarkFlows {
    private static final int TUNNEL_PORT = 1;
    private static final long GATEWAY_MAC = 0x0a0000000001L;
    private static final long PORT_SECURITY_COOKIE = 0xa3L << 56;
    private static final long REMOTE_HOST_COOKIE = 0xa2L << 56;
    private static final long POLICY_COOKIE = 0xa4L << 56;
    private static final long EXTERNAL_COOKIE = 0xa7L << 56;
    private static final long VNI_COOKIE = 0xa8L << 56;
    private static final int POLICIES_PER_SOURCE = 100;
    private static final int APP_IDS = 5_000;

    private final List<FlowMod> flows = new ArrayList<>();

    private BenchmarkFlows() {
    }

    /**
     * {@code count} flow-mod ADDs (xid 0) no two of which share table, priority and match.
     *
     * @throws IllegalArgumentException if {@code count} is below 1,000 (too few to keep every kind of flow)
     */
    static List<FlowMod> generate(int count) {
        if (count < 1_000) {
            throw new IllegalArgumentException("need at least 1000 flows, not " + count);
        }
        BenchmarkFlows generator = new BenchmarkFlows();
        int containers = count / 400;
        int remoteHosts = count / 100;
        int vnis = count / 20;
        int externalPolicies = count / 10;
        for (int i = 0; i < containers; i++) {
            generator.localContainer(i);
        }
        for (int i = 0; i < remoteHosts; i++) {
            generator.remoteHost(i);
        }
        for (int i = 0; i < vnis; i++) {
            generator.tunnelVni(i);
        }
        for (int i = 0; i < externalPolicies; i++) {
            generator.externalPolicy(i);
        }
        for (int i = 0; generator.flows.size() < count; i++) {
            generator.appPolicy(i);
        }
        requireDistinct(generator.flows);
        return List.copyOf(generator.flows);
    }

    /**
     * The flow as {@code ovs-ofctl -O OpenFlow13 dump-flows --no-stats} prints it, which {@code ovs-ofctl
     * add-flows} also reads: what the bridge must hold after any install of it.
     */
    static String ofctlText(FlowMod flow) {
        StringBuilder text = new StringBuilder(160);
        text.append("cookie=0x").append(Long.toHexString(flow.cookie())).append(", ");
        if (flow.tableId() != 0) {
            text.append("table=").append(flow.tableId()).append(", ");
        }
        text.append("priority=").append(flow.priority());
        String match = flow.match().toOvsText();
        if (!match.isEmpty()) {
            text.append(',').append(match);
        }
        return text.append(" actions=").append(Instructions.toOvsText(flow.instructions())).toString();
    }

    /** Port security for IP and ARP (table 0), delivery (table 30) and output (table 60) of one container. */
    private void localContainer(int i) {
        int port = i + 2;
        long mac = 0x02000a000000L + i;
        int ip = ipv4(10, 255, 0, 0) + i + 2;
        int app = 1 + i % APP_IDS;
        long cookie = PORT_SECURITY_COOKIE | port;
        add(cookie, 0, 300, Match.builder().ip().inPort(port).ethSrc(mac).ethDst(GATEWAY_MAC).ipv4Src(ip).build(),
                Instruction.applyActions(Action.setField(OxmField.REG0, app), Action.setField(OxmField.REG4, port)),
                Instruction.gotoTable(20));
        add(cookie, 0, 300, Match.builder().arp().inPort(port).ethSrc(mac).arpSpa(dottedQuad(ip)).build(),
                Instruction.gotoTable(10));
        add(cookie, 30, 200, Match.builder().ip().ipv4Dst(ip).build(),
                Instruction.applyActions(Action.setField(OxmField.REG1, app), Action.setField(OxmField.REG2, port),
                        Action.setField(OxmField.ETH_SRC, GATEWAY_MAC), Action.setField(OxmField.ETH_DST, mac)),
                Instruction.gotoTable(40));
        add(cookie, 60, 100, Match.builder().reg(2, port).build(),
                Instruction.applyActions(Action.output(port)));
    }

    /** Tunnel ingress from one remote host (table 0) and the route to its container subnet (table 30). */
    private void remoteHost(int i) {
        int underlay = ipv4(192, 168, 0, 0) + i + 2;
        int subnet = ipv4(10, 128, 0, 0) + (i << 8);
        long cookie = REMOTE_HOST_COOKIE | Integer.toUnsignedLong(underlay);
        add(cookie, 0, 200, Match.builder().inPort(TUNNEL_PORT).tunIpv4Src(dottedQuad(underlay)).build(),
                Instruction.applyActions(
                        Action.move(Subfield.range(OxmField.TUNNEL_ID, 0, 23), Subfield.range(OxmField.REG0, 0, 23)),
                        Action.setField(OxmField.REG3, 1)),
                Instruction.gotoTable(30));
        add(cookie, 30, 100, Match.builder().ip().reg(3, 0).ipv4Dst(subnet, 24).build(),
                Instruction.applyActions(
                        Action.move(Subfield.range(OxmField.REG0, 0, 23), Subfield.range(OxmField.TUNNEL_ID, 0, 23)),
                        Action.setField(OxmField.TUN_IPV4_DST, Integer.toUnsignedLong(underlay)),
                        Action.output(TUNNEL_PORT)));
    }

    /** Traffic tunnelled with a known VNI (the source app ID) is classified into reg5 (table 1). */
    private void tunnelVni(int i) {
        long app = 0x100000L + i;
        add(VNI_COOKIE | app, 1, 100, Match.builder().inPort(TUNNEL_PORT).tunnelId(app).build(),
                Instruction.applyActions(Action.setField(OxmField.REG5, app)), Instruction.gotoTable(30));
    }

    /** App {@code reg5} may reach an external service address on one TCP port (table 51). */
    private void externalPolicy(int i) {
        int source = 1 + i % APP_IDS;
        int address = ipv4(172, 16, 0, 0) + i / 16;
        int port = 5000 + i % 16;
        add(EXTERNAL_COOKIE | i, 51, 150,
                Match.builder().tcp().reg(5, source).ipv4Dst(address).tcpDst(port).build(),
                Instruction.gotoTable(52));
    }

    /**
     * App {@code reg5} may reach app {@code reg6} on the port range in {@code reg7} (table 51). Every source has
     * {@link #POLICIES_PER_SOURCE} distinct destinations, so no two of these flows share a match.
     */
    private void appPolicy(int i) {
        int source = 1 + i / POLICIES_PER_SOURCE;
        int slot = i % POLICIES_PER_SOURCE;
        int destination = 1 + (source * 37 + slot * 53) % APP_IDS;
        int portBase = 1024 + (source * 31 + slot * 8) % 60_000 & 0xfff8;
        var match = (slot % 5 == 0 ? Match.builder().udp() : Match.builder().tcp()).reg(5, source).reg(6, destination);
        match = slot % 2 == 0 ? match.reg(7, portBase, 0xfff8) : match.reg(7, portBase + 3, 0xffff);
        add(POLICY_COOKIE | i, 51, 100, match.build(), Instruction.gotoTable(52));
    }

    private void add(long cookie, int table, int priority, Match match, Instruction... instructions) {
        flows.add(FlowMod.add(table, priority, match, List.of(instructions)).withCookie(cookie));
    }

    private static void requireDistinct(List<FlowMod> flows) {
        Set<List<Object>> keys = new HashSet<>();
        for (FlowMod flow : flows) {
            if (!keys.add(List.of(flow.tableId(), flow.priority(), flow.match()))) {
                throw new IllegalStateException("generated the same flow twice: " + ofctlText(flow));
            }
        }
    }

    private static int ipv4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    private static String dottedQuad(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }
}
