package io.appnet.openflow.action;

/**
 * OpenFlow 1.3 port numbers ({@code uint32}): physical ports below {@link #MAX}, reserved ports above it. Open
 * vSwitch prints ports in its 16-bit OpenFlow 1.0 numbering, where the reserved ports sit at
 * {@code 0xfff7..0xffff}; Nicira actions such as resubmit carry that 16-bit form on the wire.
 */
public final class OfPorts {
    /** One past the highest physical port number. */
    public static final long MAX = 0xffffff00L;
    /** Open vSwitch's "unset" marker; not a port a controller sends. */
    public static final long UNSET = 0xfffffff7L;
    public static final long IN_PORT = 0xfffffff8L;
    public static final long TABLE = 0xfffffff9L;
    public static final long NORMAL = 0xfffffffaL;
    public static final long FLOOD = 0xfffffffbL;
    public static final long ALL = 0xfffffffcL;
    public static final long CONTROLLER = 0xfffffffdL;
    public static final long LOCAL = 0xfffffffeL;
    public static final long ANY = 0xffffffffL;

    /** {@code OFPCML_NO_BUFFER}: send the whole packet to the controller. */
    public static final int NO_BUFFER = 0xffff;

    private static final long OF10_OFFSET = 0xffff0000L;
    private static final int OF10_MAX = 0xff00;
    private static final String[] RESERVED_NAMES = {
        "UNSET", "IN_PORT", "TABLE", "NORMAL", "FLOOD", "ALL", "CONTROLLER", "LOCAL", "ANY"};

    private OfPorts() {
    }

    static boolean isUint32(long port) {
        return port >= 0 && port <= 0xffffffffL;
    }

    /** True for the ports an output action may name: physical ports and IN_PORT..LOCAL. */
    public static boolean isOutputPort(long port) {
        return (port >= 0 && port < MAX) || (port >= IN_PORT && port <= LOCAL);
    }

    /** The port as Open vSwitch prints it: a reserved name such as {@code LOCAL}, or the decimal number. */
    public static String toOvsText(long port) {
        if (port >= UNSET && port <= ANY) {
            return RESERVED_NAMES[(int) (port - UNSET)];
        }
        return Long.toString(port >= MAX ? port - OF10_OFFSET : port);
    }

    /** The 16-bit OpenFlow 1.0 number of a port that has one (physical ports below 0xff00, reserved ports). */
    static int toOf10(long port) {
        if (port < OF10_MAX) {
            return (int) port;
        }
        if (port >= MAX && port <= ANY) {
            return (int) (port - OF10_OFFSET);
        }
        throw new IllegalArgumentException("port " + port + " has no 16-bit OpenFlow 1.0 number");
    }

    static boolean hasOf10Number(long port) {
        return (port >= 0 && port < OF10_MAX) || (port >= MAX && port <= ANY);
    }

    static long fromOf10(int port) {
        return port < OF10_MAX ? port : port + OF10_OFFSET;
    }
}
