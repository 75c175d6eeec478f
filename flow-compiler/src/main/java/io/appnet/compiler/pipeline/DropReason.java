package io.appnet.compiler.pipeline;

import io.appnet.compiler.flow.Cookie;

/** Why a packet is dropped; each reason has its own flow(s), cookie {@code DROP|code}, so it is counted. */
public enum DropReason {
    SPOOFED_SOURCE(1, "source port, MAC or IP is not a known instance's own"),
    BROADCAST(2, "broadcast or multicast that port security did not accept (not ARP from the instance)"),
    UNANSWERED_ARP(3, "ARP that is not a request for an address of the host's subnet"),
    UNKNOWN_TUNNEL_SOURCE(4, "tunnelled packet from an underlay IP that is no known host's"),
    UNKNOWN_DESTINATION(5, "no instance or host subnet for the destination IP"),
    NO_POLICY(6, "new connection that no policy allows"),
    POLICY_REVOKED(7, "packet of an established connection that no policy allows any more"),
    INVALID_CONNECTION(8, "conntrack marks the packet invalid"),
    NO_GATEWAY(9, "an egress policy allows the packet but no live gateway carries its destination"),
    UNSOLICITED(10, "packet from the external network that answers no connection the gateway opened");

    private final int code;
    private final String description;

    DropReason(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public Cookie cookie() {
        return Cookie.of(Cookie.Kind.DROP, code);
    }

    /** The reason a drop flow's cookie names, or null if the cookie is not a drop cookie. */
    public static DropReason of(Cookie cookie) {
        if (cookie.kind() != Cookie.Kind.DROP) {
            return null;
        }
        for (DropReason reason : values()) {
            if (reason.code == cookie.id()) {
                return reason;
            }
        }
        return null;
    }
}
