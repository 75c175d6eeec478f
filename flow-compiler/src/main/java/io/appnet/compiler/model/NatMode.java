package io.appnet.compiler.model;

import java.util.Locale;

/** {@code nat.mode}: all apps share each gateway's pool addresses, or every app has its own address. */
public enum NatMode {
    SHARED, PER_APP;

    public static NatMode parse(String text) {
        for (NatMode mode : values()) {
            if (mode.toString().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new ModelException("nat.mode: '" + text + "' is neither shared nor per-app");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
