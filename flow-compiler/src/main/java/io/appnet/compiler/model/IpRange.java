package io.appnet.compiler.model;

import java.util.ArrayList;
import java.util.List;

/** IPv4 addresses {@code start..end} inclusive, as a destination rule or the NAT pool names them. */
public record IpRange(Ipv4Address start, Ipv4Address end) implements Comparable<IpRange> {

    public IpRange {
        if (start.compareTo(end) > 0) {
            throw new ModelException("ip range " + start + "-" + end + " starts after it ends");
        }
    }

    public static IpRange of(Ipv4Address start, Ipv4Address end) {
        return new IpRange(start, end);
    }

    public static IpRange single(Ipv4Address address) {
        return new IpRange(address, address);
    }

    public static IpRange of(Ipv4Prefix prefix) {
        return new IpRange(prefix.network(), prefix.last());
    }

    /** Parses a range's two ends; an IPv6 end gets its own message (destinations are IPv4 only). */
    public static IpRange parse(String start, String end) {
        return new IpRange(address(start), address(end == null || end.isEmpty() ? start : end));
    }

    /** {@code a.b.c.d}, {@code a.b.c.d/n} or {@code a.b.c.d-e.f.g.h}: how nat.pool lists addresses. */
    public static IpRange parse(String text) {
        if (text != null && text.contains("/")) {
            if (text.contains(":")) {
                throw ipv6(text);
            }
            return of(Ipv4Prefix.parse(text));
        }
        int dash = text == null ? -1 : text.indexOf('-');
        return dash < 0 ? parse(text, text) : parse(text.substring(0, dash), text.substring(dash + 1));
    }

    private static Ipv4Address address(String text) {
        if (text != null && text.contains(":")) {
            throw ipv6(text);
        }
        return Ipv4Address.parse(text);
    }

    private static ModelException ipv6(String text) {
        return new ModelException("'" + text + "' is an IPv6 address: only IPv4 is supported");
    }

    /** Number of addresses. */
    public long size() {
        return end.unsigned() - start.unsigned() + 1;
    }

    public boolean contains(Ipv4Address address) {
        return start.compareTo(address) <= 0 && address.compareTo(end) <= 0;
    }

    public boolean overlaps(IpRange other) {
        return start.compareTo(other.end) <= 0 && other.start.compareTo(end) <= 0;
    }

    public boolean overlaps(Ipv4Prefix prefix) {
        return overlaps(of(prefix));
    }

    /** The address {@code offset} places after start. */
    public Ipv4Address at(long offset) {
        return Ipv4Address.of((int) (start.unsigned() + offset));
    }

    /** The fewest aligned prefixes that exactly cover the range, lowest first (as {@code PortMasks} for ports). */
    public List<Ipv4Prefix> prefixes() {
        List<Ipv4Prefix> prefixes = new ArrayList<>();
        long address = start.unsigned();
        long last = end.unsigned();
        while (address <= last) {
            long size = address == 0 ? 1L << 32 : Long.lowestOneBit(address);
            while (address + size - 1 > last) {
                size >>= 1;
            }
            prefixes.add(Ipv4Prefix.of(Ipv4Address.of((int) address), 32 - Long.numberOfTrailingZeros(size)));
            address += size;
        }
        return prefixes;
    }

    @Override
    public int compareTo(IpRange other) {
        int byStart = start.compareTo(other.start);
        return byStart != 0 ? byStart : end.compareTo(other.end);
    }

    @Override
    public String toString() {
        return start.equals(end) ? start.toString() : start + "-" + end;
    }
}
