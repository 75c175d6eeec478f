package io.appnet.compiler.model;

/**
 * Ports {@code start..end} of a tcp or udp policy. {@link #of} takes what a user may ask for (1..65535);
 * {@link #any()} (0..65535) means "every port" and is what icmp and all policies carry.
 */
public record PortRange(int start, int end) {

    private static final PortRange ANY = new PortRange(0, 65535);

    public PortRange {
        if (start < 0 || end > 65535 || start > end) {
            throw new ModelException("port range " + start + "-" + end + " is not within 0..65535 in order");
        }
    }

    /** A user's range: both ends in 1..65535, start not after end. */
    public static PortRange of(int start, int end) {
        checkPort(start);
        checkPort(end);
        if (start > end) {
            throw new ModelException("port range " + start + "-" + end + " starts after it ends");
        }
        return new PortRange(start, end);
    }

    public static PortRange single(int port) {
        return of(port, port);
    }

    public static PortRange any() {
        return ANY;
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new ModelException("port " + port + " is outside 1..65535");
        }
    }

    public boolean isAny() {
        return start == 0 && end == 65535;
    }

    public boolean contains(int port) {
        return port >= start && port <= end;
    }

    @Override
    public String toString() {
        return isAny() ? "any" : start == end ? Integer.toString(start) : start + "-" + end;
    }
}
