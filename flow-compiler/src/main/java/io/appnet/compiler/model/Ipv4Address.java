package io.appnet.compiler.model;

/** An IPv4 address, held as its 32 bits. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    public static Ipv4Address of(int bits) {
        return new Ipv4Address(bits);
    }

    public static Ipv4Address parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\.", -1);
        if (parts.length != 4) {
            throw new ModelException("'" + text + "' is not an IPv4 address (a.b.c.d)");
        }
        int bits = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = part.length() > 3 || part.isEmpty() ? -1 : Integer.parseInt(part);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new ModelException("'" + text + "' is not an IPv4 address: '" + part + "' is not 0..255");
            }
            bits = (bits << 8) | octet;
        }
        return new Ipv4Address(bits);
    }

    /** The 32 bits as an unsigned long, as the flow IR carries values. */
    public long unsigned() {
        return bits & 0xFFFFFFFFL;
    }

    public Ipv4Address plus(int offset) {
        return new Ipv4Address(bits + offset);
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
