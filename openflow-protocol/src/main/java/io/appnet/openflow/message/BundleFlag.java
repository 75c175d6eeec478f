package io.appnet.openflow.message;

import java.util.Collection;
import java.util.Set;

/**
 * {@code enum ofp14_bundle_flags}. Open vSwitch requires the same flags on every message of one bundle (open,
 * add, close, commit) and answers a mismatch with {@code OFPBFC_BAD_FLAGS}.
 */
public enum BundleFlag {
    /** All messages apply, or none. */
    ATOMIC(1),
    /** Messages apply in the order they were added. */
    ORDERED(2);

    private final int bit;

    BundleFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public static Set<BundleFlag> setOf(Collection<BundleFlag> flags) {
        return BitFlags.copyOf(BundleFlag.class, flags);
    }

    public static int toBits(Collection<BundleFlag> flags) {
        return BitFlags.toBits(flags, BundleFlag::bit);
    }

    public static Set<BundleFlag> fromBits(int bits) {
        return BitFlags.fromBits(BundleFlag.class, bits, BundleFlag::bit, "bundle flag");
    }
}
