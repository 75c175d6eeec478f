package io.appnet.compiler.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The controller's egress configuration: the overlay CIDR (addresses inside it are never external), the NAT
 * pool (sorted, non-overlapping ranges) and the NAT mode.
 */
public record EgressSettings(Optional<Ipv4Prefix> overlay, List<IpRange> pool, NatMode mode) {

    private static final EgressSettings NONE = new EgressSettings(Optional.empty(), List.of(), NatMode.SHARED);

    public EgressSettings {
        List<IpRange> sorted = new ArrayList<>(pool);
        sorted.sort(null);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw new ModelException("nat.pool: " + sorted.get(i - 1) + " and " + sorted.get(i) + " overlap");
            }
        }
        overlay.ifPresent(cidr -> sorted.stream().filter(range -> range.overlaps(cidr)).findFirst()
                .ifPresent(range -> {
                    throw new ModelException("nat.pool: " + range + " overlaps the overlay " + cidr);
                }));
        pool = List.copyOf(sorted);
    }

    public static EgressSettings none() {
        return NONE;
    }

    /** From configuration text: overlay CIDR (or null), pool entries (a.b.c.d, CIDR or a-b), mode. */
    public static EgressSettings of(String overlay, List<String> pool, String mode) {
        List<IpRange> ranges = new ArrayList<>();
        pool.forEach(entry -> ranges.add(IpRange.parse(entry)));
        return new EgressSettings(Optional.ofNullable(overlay).map(Ipv4Prefix::parse), ranges, NatMode.parse(mode));
    }

    public long poolSize() {
        return pool.stream().mapToLong(IpRange::size).sum();
    }

    /** The pool's address at an index of its sorted addresses. */
    Ipv4Address poolAddress(long index) {
        long offset = index;
        for (IpRange range : pool) {
            if (offset < range.size()) {
                return range.at(offset);
            }
            offset -= range.size();
        }
        throw new IndexOutOfBoundsException("pool index " + index);
    }

    /** The pool's addresses with indexes {@code from..to-1}, as ranges. */
    List<IpRange> poolSlice(long from, long to) {
        List<IpRange> slice = new ArrayList<>();
        long base = 0;
        for (IpRange range : pool) {
            long start = Math.max(from, base);
            long end = Math.min(to, base + range.size());
            if (start < end) {
                slice.add(IpRange.of(range.at(start - base), range.at(end - 1 - base)));
            }
            base += range.size();
        }
        return slice;
    }
}
