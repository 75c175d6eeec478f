package io.appnet.compiler.model;

import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: each key goes to the choice with the highest weight of
 * (key, choice's name). Removing a choice moves only the keys it held; adding one takes only the keys it
 * wins. Used for pool chunks over gateways and for hash slots over gateways, so that the others keep theirs.
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    /** The choice that owns the key (ties to the earlier choice); null if there is none. */
    public static <T> T owner(long key, List<T> choices) {
        T best = null;
        long bestWeight = 0;
        for (T choice : choices) {
            long weight = weight(key, choice.toString());
            if (best == null || Long.compareUnsigned(weight, bestWeight) > 0) {
                best = choice;
                bestWeight = weight;
            }
        }
        return best;
    }

    /** SplitMix64 of the name's hash and the key: String.hashCode is specified, so weights are stable. */
    static long weight(long key, String name) {
        long x = name.hashCode() * 0x9E3779B97F4A7C15L + key;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }
}
