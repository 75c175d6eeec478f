package io.appnet.compiler.flow;

/** Prints and parses field values the way {@code ovs-ofctl} does, per {@link MatchField.Format}. */
final class FieldText {

    private static final String[] CT_FLAG_NAMES = {"new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"};

    private FieldText() {
    }

    /** A match value with its mask, e.g. {@code 0x50/0xfff0}, {@code 10.0.0.0/24}, {@code +est-rpl+trk}. */
    static String formatMasked(MatchField field, long value, long mask) {
        if (mask == field.fullMask()) {
            return format(field, value);
        }
        return switch (field.format()) {
            case HEX -> hex(value) + "/" + hex(mask);
            case DECIMAL_OR_HEX_MASKED -> "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
            case IPV4 -> ipv4Masked((int) value, (int) mask);
            case MAC -> mac(value) + "/" + mac(mask);
            case CT_FLAGS -> ctFlags(value, mask);
            case HEX4, DECIMAL -> throw new IllegalArgumentException(field.matchName() + " cannot be masked");
        };
    }

    /** A single value, as in {@code set_field:VALUE->field} or an exact match. */
    static String format(MatchField field, long value) {
        return switch (field.format()) {
            case HEX -> hex(value);
            case HEX4 -> String.format("0x%04x", value);
            case DECIMAL, DECIMAL_OR_HEX_MASKED -> Long.toString(value);
            case IPV4 -> ipv4((int) value);
            case MAC -> mac(value);
            case CT_FLAGS -> ctFlagList(value);
        };
    }

    /** An exactly matched ct_state, which OVS prints as {@code new|trk} (or {@code 0} for no flag). */
    private static String ctFlagList(long value) {
        StringBuilder text = new StringBuilder();
        for (int bit = 0; bit < CT_FLAG_NAMES.length; bit++) {
            if ((value & (1L << bit)) != 0) {
                text.append(text.length() == 0 ? "" : "|").append(CT_FLAG_NAMES[bit]);
            }
        }
        return text.length() == 0 ? "0" : text.toString();
    }

    /** Parses {@code text} (a value, optionally {@code /mask}) into {value, mask}. */
    static long[] parseMasked(MatchField field, String text) {
        if (field.format() == MatchField.Format.CT_FLAGS) {
            return parseCtFlags(text);
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new long[] {parse(field, text), field.fullMask()};
        }
        long value = parse(field, text.substring(0, slash));
        String maskText = text.substring(slash + 1);
        long mask;
        if (field.format() == MatchField.Format.IPV4 && !maskText.contains(".")) {
            int length = Integer.parseInt(maskText);
            mask = length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
        } else {
            mask = parse(field, maskText);
        }
        return new long[] {value & mask, mask};
    }

    static long parse(MatchField field, String text) {
        try {
            return switch (field.format()) {
                case IPV4 -> parseIpv4(text);
                case MAC -> parseMac(text);
                case HEX, HEX4, DECIMAL, DECIMAL_OR_HEX_MASKED -> parseNumber(text);
                case CT_FLAGS -> parseCtFlags(text)[0];
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value '" + text + "' for " + field.matchName(), e);
        }
    }

    static long parseNumber(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) {
            return Long.parseUnsignedLong(text.substring(2), 16);
        }
        return Long.parseUnsignedLong(text);
    }

    static String hex(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }

    static String ipv4(int bits) {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }

    private static String ipv4Masked(int value, int mask) {
        int prefix = Integer.bitCount(mask);
        boolean cidr = mask == (prefix == 0 ? 0 : -1 << (32 - prefix));
        return ipv4(value) + "/" + (cidr ? Integer.toString(prefix) : ipv4(mask));
    }

    static long parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long bits = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            bits = (bits << 8) | octet;
        }
        return bits;
    }

    static String mac(long bits) {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int octet = (int) (bits >>> shift) & 0xFF;
            text.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
            if (shift > 0) {
                text.append(':');
            }
        }
        return text.toString();
    }

    static long parseMac(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long bits = 0;
        for (String part : parts) {
            if (part.length() != 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            bits = (bits << 8) | Integer.parseInt(part, 16);
        }
        return bits;
    }

    private static String ctFlags(long value, long mask) {
        StringBuilder text = new StringBuilder();
        for (int bit = 0; bit < CT_FLAG_NAMES.length; bit++) {
            if ((mask & (1L << bit)) != 0) {
                text.append((value & (1L << bit)) != 0 ? '+' : '-').append(CT_FLAG_NAMES[bit]);
            }
        }
        return text.toString();
    }

    private static long[] parseCtFlags(String text) {
        if (!text.startsWith("+") && !text.startsWith("-")) {
            long exact = 0;
            for (String name : text.equals("0") ? new String[0] : text.split("\\|")) {
                exact |= 1L << ctFlagBit(name);
            }
            return new long[] {exact, 0xFF};
        }
        long value = 0;
        long mask = 0;
        int i = 0;
        while (i < text.length()) {
            char sign = text.charAt(i);
            if (sign != '+' && sign != '-') {
                throw new IllegalArgumentException("bad ct_state '" + text + "': expected +flag or -flag");
            }
            int end = i + 1;
            while (end < text.length() && text.charAt(end) != '+' && text.charAt(end) != '-') {
                end++;
            }
            String name = text.substring(i + 1, end);
            int bit = ctFlagBit(name);
            mask |= 1L << bit;
            if (sign == '+') {
                value |= 1L << bit;
            }
            i = end;
        }
        return new long[] {value, mask};
    }

    private static int ctFlagBit(String name) {
        int bit = java.util.Arrays.asList(CT_FLAG_NAMES).indexOf(name);
        if (bit < 0) {
            throw new IllegalArgumentException("unknown ct_state flag '" + name + "'");
        }
        return bit;
    }
}
