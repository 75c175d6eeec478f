package io.appnet.controller.model;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The overlay subnets leased to hosts (design section 3): one subnet of a fixed length per host out of the
 * overlay. A host keeps its subnet for as long as the lease is persisted, so its instances keep their addresses
 * across controller restarts; a new host gets the lowest free subnet, so allocation depends only on the leases
 * held, never on the order they were loaded in. Immutable and pure: leasing returns a new pool.
 */
public final class SubnetPool {
    public static final Ipv4Prefix DEFAULT_OVERLAY = Ipv4Prefix.parse("10.255.0.0/16");
    public static final int DEFAULT_PREFIX_LENGTH = 24;
    /** A /30 is the smallest subnet with an address left after network, gateway and broadcast. */
    public static final int MAX_PREFIX_LENGTH = 30;

    private final Ipv4Prefix overlay;
    private final int prefixLength;
    private final SortedMap<String, Ipv4Prefix> leases;
    private final Map<Ipv4Prefix, String> holders;

    private SubnetPool(Ipv4Prefix overlay, int prefixLength, SortedMap<String, Ipv4Prefix> leases,
                       Map<Ipv4Prefix, String> holders) {
        this.overlay = overlay;
        this.prefixLength = prefixLength;
        this.leases = Collections.unmodifiableSortedMap(leases);
        this.holders = holders;
    }

    /**
     * The pool holding {@code leases} (host id to subnet). Refuses a prefix length outside the overlay's
     * length..30, a lease that is not a subnet of that length inside the overlay, and two hosts holding one subnet.
     */
    public static SubnetPool of(Ipv4Prefix overlay, int prefixLength, Map<String, Ipv4Prefix> leases) {
        Objects.requireNonNull(overlay, "overlay");
        if (prefixLength < overlay.length() || prefixLength > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("host subnets of /" + prefixLength + " do not fit overlay " + overlay
                    + ": the prefix length must be between " + overlay.length() + " and " + MAX_PREFIX_LENGTH);
        }
        SortedMap<String, Ipv4Prefix> sorted = new TreeMap<>(leases);
        Map<Ipv4Prefix, String> holders = new HashMap<>();
        sorted.forEach((host, subnet) -> {
            Objects.requireNonNull(subnet, () -> "lease of host " + host);
            if (subnet.length() != prefixLength || !overlay.contains(subnet.network())) {
                throw new IllegalArgumentException("lease " + subnet + " of host " + host + " is not a /"
                        + prefixLength + " of overlay " + overlay);
            }
            String other = holders.put(subnet, host);
            if (other != null) {
                throw new IllegalArgumentException("hosts " + other + " and " + host + " both hold subnet " + subnet);
            }
        });
        return new SubnetPool(overlay, prefixLength, sorted, holders);
    }

    /** An empty pool of /24s out of 10.255.0.0/16, the defaults of the host contract. */
    public static SubnetPool defaults() {
        return of(DEFAULT_OVERLAY, DEFAULT_PREFIX_LENGTH, Map.of());
    }

    public Ipv4Prefix overlay() {
        return overlay;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** Every lease, by host id, ordered by host id. */
    public SortedMap<String, Ipv4Prefix> leases() {
        return leases;
    }

    public Optional<Ipv4Prefix> leaseOf(String hostId) {
        return Optional.ofNullable(leases.get(hostId));
    }

    /**
     * The host's lease: the subnet it holds, or else the lowest free one ({@code isNew}, held by the returned
     * pool only). Throws {@link IllegalStateException} when the overlay has no free subnet left.
     */
    public Leased lease(String hostId) {
        Objects.requireNonNull(hostId, "hostId");
        Ipv4Prefix held = leases.get(hostId);
        if (held != null) {
            return new Leased(this, held, false);
        }
        long count = 1L << (prefixLength - overlay.length());
        long step = 1L << (32 - prefixLength);
        // At most leases.size() + 1 candidates are looked at: every one skipped is held by some host.
        for (long i = 0; i < count; i++) {
            Ipv4Prefix candidate = Ipv4Prefix.of(Ipv4Address.of((int) (overlay.network().unsigned() + i * step)),
                    prefixLength);
            if (!holders.containsKey(candidate)) {
                SortedMap<String, Ipv4Prefix> more = new TreeMap<>(leases);
                more.put(hostId, candidate);
                Map<Ipv4Prefix, String> moreHolders = new HashMap<>(holders);
                moreHolders.put(candidate, hostId);
                return new Leased(new SubnetPool(overlay, prefixLength, more, moreHolders), candidate, true);
            }
        }
        throw new IllegalStateException("overlay " + overlay + " has no free /" + prefixLength + " left for host "
                + hostId);
    }

    /** The pool without the host's lease: its subnet is free for the next host. */
    public SubnetPool release(String hostId) {
        return of(overlay, prefixLength, leases.entrySet().stream().filter(lease -> !lease.getKey().equals(hostId))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubnetPool pool && overlay.equals(pool.overlay) && prefixLength == pool.prefixLength
                && leases.equals(pool.leases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(overlay, prefixLength, leases);
    }

    @Override
    public String toString() {
        return "SubnetPool[/" + prefixLength + " of " + overlay + ", leases=" + leases + "]";
    }

    /** A host's lease and the pool that holds it; {@code isNew} when the lease must still be persisted. */
    public record Leased(SubnetPool pool, Ipv4Prefix subnet, boolean isNew) {
        public Leased {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(subnet, "subnet");
        }
    }
}
