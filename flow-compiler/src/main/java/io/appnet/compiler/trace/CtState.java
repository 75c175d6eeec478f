package io.appnet.compiler.trace;

/** Conntrack state bits as OVS defines them for {@code ct_state}. */
public final class CtState {

    public static final long NEW = 0x01;
    public static final long ESTABLISHED = 0x02;
    public static final long RELATED = 0x04;
    public static final long REPLY = 0x08;
    public static final long INVALID = 0x10;
    public static final long TRACKED = 0x20;

    private static final String[] NAMES = {"new", "est", "rel", "rpl", "inv", "trk"};

    private CtState() {
    }

    /** {@code +new+trk} style, the set flags only. */
    public static String format(long bits) {
        StringBuilder text = new StringBuilder();
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((bits & (1L << bit)) != 0) {
                text.append('+').append(NAMES[bit]);
            }
        }
        return text.length() == 0 ? "-trk" : text.toString();
    }

    /** Parses {@code +est+rpl+trk} (set flags only). */
    public static long parse(String text) {
        long bits = 0;
        for (String name : text.split("\\+")) {
            if (name.isEmpty()) {
                continue;
            }
            int bit = java.util.Arrays.asList(NAMES).indexOf(name);
            if (bit < 0) {
                throw new IllegalArgumentException("unknown ct_state flag '" + name + "'");
            }
            bits |= 1L << bit;
        }
        return bits;
    }
}
