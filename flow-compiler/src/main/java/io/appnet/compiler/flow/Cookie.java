package io.appnet.compiler.flow;

/**
 * A flow cookie that says what the flow belongs to: the top byte is the {@link Kind}, the rest an
 * identifier within that kind (a policy ID, an OpenFlow port, a drop reason, ...). The controller
 * reconciles and counts per owner by cookie; {@code cookie=0xa0../0xf0..} selects every appnet flow.
 */
public record Cookie(long value) {

    private static final long ID_MASK = (1L << 56) - 1;

    /** Owners of flows. Codes start at 0xa0 so appnet's flows are recognisable in any dump. */
    public enum Kind {
        INFRASTRUCTURE(0xa0), DROP(0xa1), PEER_HOST(0xa2), INSTANCE(0xa3), POLICY(0xa4), GROUP_POLICY(0xa5),
        GROUP_CLAUSE(0xa6),
        /** An egress policy's decision flow (id = policy ID): its packet counter is the policy's. */
        EGRESS_POLICY(0xa7),
        /** A clause of an egress policy's conjunctive match (id = source app, or 1 << 24 | destination). */
        EGRESS_CLAUSE(0xa8),
        /** Choosing the gateway on a source host (id = gateway underlay IP; 0 when none is chosen). */
        EGRESS_SELECT(0xa9),
        /** A gateway's uplink, ARP, NAT and state flows (id = table). */
        GATEWAY(0xaa),
        /** A hardware firewall's rule (id = the policy it serves; 0 for source classification and drops). */
        FIREWALL(0xab);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Kind of(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }
    }

    public static Cookie of(Kind kind, long id) {
        if (id < 0 || id > ID_MASK) {
            throw new IllegalArgumentException("cookie id " + id + " does not fit in 56 bits");
        }
        return new Cookie(((long) kind.code << 56) | id);
    }

    /** The owner kind, or null for a cookie appnet did not write. */
    public Kind kind() {
        return Kind.of((int) (value >>> 56));
    }

    public long id() {
        return value & ID_MASK;
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(value);
    }
}
