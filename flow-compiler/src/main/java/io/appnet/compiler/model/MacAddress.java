package io.appnet.compiler.model;

/** An Ethernet MAC address, held as its 48 bits. */
public record MacAddress(long bits) {

    public MacAddress {
        if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new ModelException("a MAC address has 48 bits");
        }
    }

    public static MacAddress parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        if (parts.length != 6) {
            throw new ModelException("'" + text + "' is not a MAC address (xx:xx:xx:xx:xx:xx)");
        }
        long bits = 0;
        for (String part : parts) {
            if (part.length() != 2 || Character.digit(part.charAt(0), 16) < 0
                    || Character.digit(part.charAt(1), 16) < 0) {
                throw new ModelException("'" + text + "' is not a MAC address: '" + part + "' is not two hex digits");
            }
            bits = (bits << 8) | Integer.parseInt(part, 16);
        }
        return new MacAddress(bits);
    }

    /** True for a unicast address (group bit of the first octet clear). */
    public boolean unicast() {
        return (bits & (1L << 40)) == 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            text.append(String.format("%02x", (bits >>> shift) & 0xFF));
            if (shift > 0) {
                text.append(':');
            }
        }
        return text.toString();
    }
}
