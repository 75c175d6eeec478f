package io.appnet.compiler.pipeline;

import io.appnet.compiler.flow.MatchField;

/** What each Nicira register carries through the "OVS host" pipeline. */
public final class Registers {

    /** App ID of the packet's sender: from the ingress port's instance, or from tun_id. */
    public static final MatchField SOURCE_APP = MatchField.REG0;
    /** App ID of the local destination instance (set by routing). */
    public static final MatchField DESTINATION_APP = MatchField.REG1;
    /** OpenFlow port of the local destination instance; also its conntrack zone. */
    public static final MatchField DESTINATION_PORT = MatchField.REG2;
    /** 1 when the packet arrived over a tunnel (it is never tunnelled on); 2 from a gateway's uplink. */
    public static final MatchField FROM_TUNNEL = MatchField.REG3;
    /** OpenFlow port of the sending local instance: its conntrack zone. */
    public static final MatchField SOURCE_ZONE = MatchField.REG4;
    /** Policy check: app that initiated the connection. */
    public static final MatchField POLICY_SOURCE = MatchField.REG5;
    /** Policy check: app that accepted the connection. */
    public static final MatchField POLICY_DESTINATION = MatchField.REG6;
    /** Policy check: the connection's service port (tcp/udp destination port of its original direction). */
    public static final MatchField SERVICE_PORT = MatchField.REG7;
    /** Scratch register for swapping ARP addresses. */
    public static final MatchField SCRATCH = MatchField.REG8;
    /** 1 when the policy check is for a reply (leaving a local instance, or entering a gateway's uplink). */
    public static final MatchField REPLY_CHECK = MatchField.REG9;

    /** Egress: pseudo app ID of the destination an egress policy allowed (pinning; the VNI of replies). */
    public static final MatchField EGRESS_DESTINATION = MatchField.REG10;
    /** Egress: the external address (destination of the original direction). */
    public static final MatchField EXTERNAL_IP = MatchField.REG11;

    private Registers() {
    }
}
