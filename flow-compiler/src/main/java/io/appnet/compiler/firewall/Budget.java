package io.appnet.compiler.firewall;

import io.appnet.compiler.model.ModelException;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The operator's limits for a firewall, when they are stricter or more trustworthy than what the device
 * reports: how many of its tables appnet may use, and how many entries each may hold.
 */
public record Budget(OptionalInt tables, OptionalLong maxEntries) {

    public Budget {
        tables.ifPresent(n -> {
            if (n < 1 || n > 255) {
                throw new ModelException("budget.tables: " + n + " is outside 1..255");
            }
        });
        maxEntries.ifPresent(n -> {
            if (n < 1 || n > 0xFFFFFFFFL) {
                throw new ModelException("budget.max_entries: " + n + " is outside 1..4294967295");
            }
        });
    }

    public static Budget of(int tables, long maxEntries) {
        return new Budget(OptionalInt.of(tables), OptionalLong.of(maxEntries));
    }
}
