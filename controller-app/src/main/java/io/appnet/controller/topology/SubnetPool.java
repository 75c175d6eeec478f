package io.appnet.controller.topology;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The overlay subnets leased to hosts: one subnet of a fixed length per host out of the overlay, the same
 * host always getting the same subnet, a new host the lowest free one. Immutable; pure.
 */
public final class SubnetPool {
    public static final String DEFAULT_OVERLAY = "10.255.0.0/16";
    public static final int DEFAULT_LENGTH = 24;

    private final Ipv4Prefix overlay;
    private final int length;
    private final Map<String, Ipv4Prefix> leases;
    private final Map<Ipv4Prefix, String> holders;

    private SubnetPool(Ipv4Prefix overlay, int length, Map<String, Ipv4Prefix> leases) {
        this.overlay = overlay;
        this.length = length;
        this.leases = Map.copyOf(leases);
        this.holders = new HashMap<>();
        leases.forEach((host, subnet) -> {
            String other = holders.put(subnet, host);
            if (other != null) {
                throw new IllegalArgumentException("hosts " + other + " and " + host + " both hold subnet " + subnet);
            }
        });
    }

    /** The pool with the given leases; refuses a length outside overlay..30 or a lease that does not fit. */
    public static SubnetPool of(Ipv4Prefix overlay, int length, Map<String, Ipv4Prefix> leases) {
        if (length < overlay.length() || length > 30) {
            throw new IllegalArgumentException("host subnets of /" + length + " do not fit overlay " + overlay
                    + ": the length must be between " + overlay.length() + " and 30");
        }
        leases.forEach((host, subnet) -> {
            if (subnet.length() != length || !overlay.contains(subnet.network())) {
                throw new IllegalArgumentException("lease " + subnet + " of host " + host + " is not a /" + length
                        + " of overlay " + overlay);
            }
        });
        return new SubnetPool(overlay, length, leases);
    }

    public Ipv4Prefix overlay() {
        return overlay;
    }

    /** Every lease, by host id. */
    public Map<String, Ipv4Prefix> leases() {
        return new TreeMap<>(leases);
    }

    public java.util.Optional<Ipv4Prefix> leaseOf(String hostId) {
        return java.util.Optional.ofNullable(leases.get(hostId));
    }

    /** The host's lease: the one it holds, or the lowest free subnet (then {@code isNew}). */
    public Leased lease(String hostId) {
        Ipv4Prefix held = leases.get(hostId);
        if (held != null) {
            return new Leased(this, held, false);
        }
        long count = 1L << (length - overlay.length());
        long step = 1L << (32 - length);
        for (long i = 0; i < count; i++) {
            Ipv4Prefix candidate = Ipv4Prefix.of(Ipv4Address.of((int) (overlay.network().unsigned() + i * step)),
                    length);
            if (!holders.containsKey(candidate)) {
                Map<String, Ipv4Prefix> more = new HashMap<>(leases);
                more.put(hostId, candidate);
                return new Leased(new SubnetPool(overlay, length, more), candidate, true);
            }
        }
        throw new IllegalStateException("overlay " + overlay + " has no free /" + length + " left for host " + hostId);
    }

    /** A lease and the pool that holds it. */
    public record Leased(SubnetPool pool, Ipv4Prefix subnet, boolean isNew) {
    }
}
