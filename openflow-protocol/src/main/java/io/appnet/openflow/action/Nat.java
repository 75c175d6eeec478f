package io.appnet.openflow.action;

/**
 * NXAST_NAT, only meaningful inside {@link Ct}: translate source or destination to an IPv4 address range and an
 * optional port range. A zero bound means "absent", exactly as on the wire (a range with only a minimum is one
 * address or port).
 *
 * @param addressMin IPv4 address as an unsigned 32-bit number, 0 for none
 * @param addressMax 0, or the upper bound (&gt;= addressMin)
 * @param portMin 0 for none; needs an address range
 * @param portMax 0, or the upper bound (&gt;= portMin)
 */
public record Nat(Mode mode, long addressMin, long addressMax, int portMin, int portMax, boolean persistent,
        boolean hash, boolean random) implements Action {

    /** What to translate. {@code REVERSE} alone ({@code nat}) undoes the translation of an existing connection. */
    public enum Mode { REVERSE, SRC, DST }

    /** Plain {@code nat}: apply the connection's existing translation. */
    public static final Nat REVERSE = new Nat(Mode.REVERSE, 0, 0, 0, 0, false, false, false);

    public Nat {
        if (mode == null) {
            throw new IllegalArgumentException("nat needs a mode");
        }
        if (!OfPorts.isUint32(addressMin) || !OfPorts.isUint32(addressMax)) {
            throw new IllegalArgumentException("nat addresses must be 32-bit IPv4 addresses");
        }
        if (portMin < 0 || portMin > 0xffff || portMax < 0 || portMax > 0xffff) {
            throw new IllegalArgumentException("nat ports must be within 0..65535");
        }
        if (mode == Mode.REVERSE && (addressMin != 0 || addressMax != 0 || persistent || hash || random)) {
            throw new IllegalArgumentException("a range or flags need nat(src=..) or nat(dst=..)");
        }
        if (addressMin == 0 && (addressMax != 0 || portMin != 0)) {
            throw new IllegalArgumentException("nat address maximum or ports need an address minimum");
        }
        if (addressMax != 0 && addressMax < addressMin) {
            throw new IllegalArgumentException("nat address range ends before it starts");
        }
        if (portMin == 0 && portMax != 0) {
            throw new IllegalArgumentException("nat port maximum needs a port minimum");
        }
        if (portMax != 0 && portMax < portMin) {
            throw new IllegalArgumentException("nat port range ends before it starts");
        }
        if (hash && random) {
            throw new IllegalArgumentException("nat cannot be both hash and random");
        }
    }

    /** {@code nat(src)} or {@code nat(dst)} without a range: translate with the zone's defaults. */
    public static Nat of(Mode mode) {
        return new Nat(mode, 0, 0, 0, 0, false, false, false);
    }

    /** Translate to addresses {@code min..max} (IPv4 as unsigned 32-bit numbers). */
    public static Nat of(Mode mode, long addressMin, long addressMax) {
        return new Nat(mode, addressMin, addressMax, 0, 0, false, false, false);
    }

    public Nat withPorts(int min, int max) {
        return new Nat(mode, addressMin, addressMax, min, max, persistent, hash, random);
    }

    public Nat withPersistent() {
        return new Nat(mode, addressMin, addressMax, portMin, portMax, true, hash, random);
    }

    public Nat withHash() {
        return new Nat(mode, addressMin, addressMax, portMin, portMax, persistent, true, random);
    }

    public Nat withRandom() {
        return new Nat(mode, addressMin, addressMax, portMin, portMax, persistent, hash, true);
    }

    /** Open vSwitch prints the flags only along with a range (format_NAT); so does this. */
    @Override
    public String toOvsText() {
        if (mode == Mode.REVERSE) {
            return "nat";
        }
        StringBuilder s = new StringBuilder("nat(").append(mode == Mode.SRC ? "src" : "dst");
        if (addressMin != 0) {
            s.append('=').append(FieldText.ipv4(addressMin));
            if (addressMax != 0 && addressMax != addressMin) {
                s.append('-').append(FieldText.ipv4(addressMax));
            }
            if (portMin != 0) {
                s.append(':').append(portMin);
                if (portMax != 0 && portMax != portMin) {
                    s.append('-').append(portMax);
                }
            }
            if (persistent) {
                s.append(",persistent");
            }
            if (hash) {
                s.append(",hash");
            }
            if (random) {
                s.append(",random");
            }
        }
        return s.append(')').toString();
    }
}
