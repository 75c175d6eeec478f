package io.appnet.openflow.match;

/** Text forms of IPv4 and Ethernet addresses as ovs-ofctl writes them, and the parsers for builder arguments. */
final class AddressText {
    private AddressText() {
    }

    /** Parses a dotted quad such as {@code 10.0.0.1}; no host names, no shorthand forms. */
    static int parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    static String formatIpv4(long address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** The netmask of a prefix length 0..32, as an unsigned 32-bit value. */
    static long prefixMask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("IPv4 prefix length " + prefixLength + " is outside 0..32");
        }
        return prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
    }

    /** As {@code ip_format_masked()}: {@code a.b.c.d}, {@code a.b.c.d/N} for a CIDR mask, else the mask dotted. */
    static String formatIpv4Masked(long address, long mask) {
        String text = formatIpv4(address);
        if (mask == 0xffffffffL) {
            return text;
        }
        int prefix = Long.bitCount(mask);
        return text + "/" + (mask == prefixMask(prefix) ? String.valueOf(prefix) : formatIpv4(mask));
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (hex digits, either case). */
    static long parseMac(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not an Ethernet address: '" + text + "'");
        }
        long mac = 0;
        for (String part : parts) {
            if (part.length() != 2 || Character.digit(part.charAt(0), 16) < 0
                    || Character.digit(part.charAt(1), 16) < 0) {
                throw new IllegalArgumentException("not an Ethernet address: '" + text + "'");
            }
            mac = (mac << 8) | Integer.parseInt(part, 16);
        }
        return mac;
    }

    static String formatMac(long mac) {
        StringBuilder s = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                s.append(':');
            }
            s.append(Character.forDigit((int) (mac >>> (shift + 4)) & 0xf, 16));
            s.append(Character.forDigit((int) (mac >>> shift) & 0xf, 16));
        }
        return s.toString();
    }
}
