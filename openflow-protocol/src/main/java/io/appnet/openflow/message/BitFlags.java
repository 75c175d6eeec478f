package io.appnet.openflow.message;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.ToIntFunction;

/** Conversions between wire bitmaps and immutable enum sets, shared by the flag enums. */
final class BitFlags {
    private BitFlags() {
    }

    static <E extends Enum<E>> Set<E> copyOf(Class<E> type, Collection<E> flags) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        copy.addAll(flags);
        return Collections.unmodifiableSet(copy);
    }

    static <E extends Enum<E>> int toBits(Collection<E> flags, ToIntFunction<E> bit) {
        int bits = 0;
        for (E flag : flags) {
            bits |= bit.applyAsInt(flag);
        }
        return bits;
    }

    /** The flags set in {@code bits}; a bit no flag stands for is an error, as it is for Open vSwitch. */
    static <E extends Enum<E>> Set<E> fromBits(Class<E> type, int bits, ToIntFunction<E> bit, String what) {
        EnumSet<E> flags = EnumSet.noneOf(type);
        int known = 0;
        for (E flag : type.getEnumConstants()) {
            known |= bit.applyAsInt(flag);
            if ((bits & bit.applyAsInt(flag)) != 0) {
                flags.add(flag);
            }
        }
        if ((bits & ~known) != 0) {
            throw new IllegalArgumentException("unknown " + what + " bits 0x" + Integer.toHexString(bits & ~known));
        }
        return Collections.unmodifiableSet(flags);
    }
}
