package io.appnet.compiler.pipeline;

/**
 * Table numbers of the "OVS host" pipeline. Gaps are left for the later profiles (egress gateway routes
 * and NAT, hardware firewall) and for stages added later.
 */
public final class Tables {

    /** Port security, tunnel source check; the packet's source app into reg0. */
    public static final int CLASSIFY = 0;
    /** Answers ARP for the host's subnet with the virtual gateway MAC. */
    public static final int ARP_RESPONDER = 10;
    /** Conntrack in the zone of the sending instance. */
    public static final int EGRESS_CONNTRACK = 20;
    /** What the sending side's connection state means: own new/established connection, or a reply to check. */
    public static final int EGRESS_STATE = 21;
    /** Local delivery by destination IP, or the tunnel to the host owning the destination subnet. */
    public static final int ROUTE = 30;
    /** Egress on a source host: the external address and service port into registers. */
    public static final int EGRESS_PREP = 31;
    /** Egress policies: (source app, destination rule) conjunctions -> allowed, else no-policy. */
    public static final int EGRESS_POLICY = 32;
    /** The gateway for an allowed egress connection (pinned, per-app home, or by a hash of the flow). */
    public static final int EGRESS_SELECT = 33;
    /** Conntrack in the zone of the receiving instance. */
    public static final int INGRESS_CONNTRACK = 40;
    /** Replies to the receiver's own connections pass; everything else goes to policy. */
    public static final int INGRESS_STATE = 41;
    /** Copies the connection's service port (tcp/udp destination of the original direction) into reg7. */
    public static final int POLICY_PORTS = 50;
    /** App-to-app and group policies: (source app, destination app, protocol, port) -> allowed. */
    public static final int POLICY = 51;
    /** Allowed: reply checks go back to routing; new connections are committed with their initiator's app. */
    public static final int POLICY_ALLOWED = 52;
    /** Output to the destination instance's port. */
    public static final int DELIVER = 60;

    /** Gateway: conntrack with NAT applied (SNAT forward, un-SNAT replies). */
    public static final int GATEWAY_CONNTRACK = 70;
    /** Gateway: forward from a tunnel or reply from the uplink; unsolicited from the uplink drops. */
    public static final int GATEWAY_STATE = 71;
    /** Gateway: the service port of the original direction into reg7. */
    public static final int GATEWAY_PORTS = 72;
    /** Gateway: egress policies re-checked by source app (VNI or ct_mark), destination, protocol and port. */
    public static final int GATEWAY_POLICY = 73;
    /** Gateway: replies are tunnelled back with the destination's pseudo app ID; new ones committed with SNAT. */
    public static final int GATEWAY_ALLOWED = 74;
    /** Gateway: out of the uplink to the next hop. */
    public static final int GATEWAY_UPLINK = 75;
    /** Gateway: answers ARP on the uplink for its pool addresses. */
    public static final int GATEWAY_ARP = 76;

    private Tables() {
    }

    /** The table's name for traces and docs. */
    public static String name(int table) {
        return switch (table) {
            case CLASSIFY -> "classify";
            case ARP_RESPONDER -> "arp-responder";
            case EGRESS_CONNTRACK -> "egress-conntrack";
            case EGRESS_STATE -> "egress-state";
            case ROUTE -> "route";
            case INGRESS_CONNTRACK -> "ingress-conntrack";
            case INGRESS_STATE -> "ingress-state";
            case POLICY_PORTS -> "policy-ports";
            case POLICY -> "policy";
            case POLICY_ALLOWED -> "policy-allowed";
            case DELIVER -> "deliver";
            case EGRESS_PREP -> "egress-prep";
            case EGRESS_POLICY -> "egress-policy";
            case EGRESS_SELECT -> "egress-select";
            case GATEWAY_CONNTRACK -> "gateway-conntrack";
            case GATEWAY_STATE -> "gateway-state";
            case GATEWAY_PORTS -> "gateway-ports";
            case GATEWAY_POLICY -> "gateway-policy";
            case GATEWAY_ALLOWED -> "gateway-allowed";
            case GATEWAY_UPLINK -> "gateway-uplink";
            case GATEWAY_ARP -> "gateway-arp";
            default -> "table-" + table;
        };
    }
}
