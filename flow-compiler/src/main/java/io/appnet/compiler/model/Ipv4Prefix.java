package io.appnet.compiler.model;

/** An IPv4 network in CIDR form; the address has no bits set beyond the prefix. */
public record Ipv4Prefix(Ipv4Address network, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new ModelException("prefix length " + length + " is outside 0..32");
        }
        if ((network.bits() & ~mask(length)) != 0) {
            Ipv4Address fixed = Ipv4Address.of(network.bits() & mask(length));
            throw new ModelException(network + "/" + length + " has host bits set; did you mean " + fixed + "/"
                    + length + "?");
        }
    }

    public static Ipv4Prefix of(Ipv4Address network, int length) {
        return new Ipv4Prefix(network, length);
    }

    public static Ipv4Prefix parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new ModelException("'" + text + "' is not a CIDR (a.b.c.d/n)");
        }
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new ModelException("'" + text + "' has no prefix length after '/'");
        }
        return new Ipv4Prefix(Ipv4Address.parse(text.substring(0, slash)), length);
    }

    static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public int mask() {
        return mask(length);
    }

    public boolean contains(Ipv4Address address) {
        return (address.bits() & mask()) == network.bits();
    }

    public boolean overlaps(Ipv4Prefix other) {
        int shorter = Math.min(length, other.length);
        return ((network.bits() ^ other.network.bits()) & mask(shorter)) == 0;
    }

    /** The last address (the broadcast address for a subnet). */
    public Ipv4Address last() {
        return Ipv4Address.of(network.bits() | ~mask());
    }

    @Override
    public String toString() {
        return network + "/" + length;
    }
}
