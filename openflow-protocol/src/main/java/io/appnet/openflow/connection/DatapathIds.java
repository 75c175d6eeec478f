package io.appnet.openflow.connection;

/** Text form of datapath ids, as {@code ovs-ofctl show} prints them: 16 hex digits. */
public final class DatapathIds {
    private DatapathIds() {
    }

    public static String format(long datapathId) {
        return String.format("%016x", datapathId);
    }

    public static long parse(String text) {
        String hex = text.replace(":", "");
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (hex.isEmpty() || hex.length() > 16) {
            throw new IllegalArgumentException("not a datapath id: " + text);
        }
        return Long.parseUnsignedLong(hex, 16);
    }
}
