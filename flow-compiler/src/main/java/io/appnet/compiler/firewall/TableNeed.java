package io.appnet.compiler.firewall;

import java.util.Map;

/**
 * Entries one table needs against what it has. {@code byPolicy}: entries per policy ID, 0 standing for source
 * classification and the default drop. {@code upperBound}: the count is an upper bound made without building the
 * rules (too many to build), duplicates not removed.
 */
public record TableNeed(int tableId, long needed, long available, boolean upperBound, Map<Long, Long> byPolicy) {

    public TableNeed {
        byPolicy = Map.copyOf(byPolicy);
    }

    public boolean fits() {
        return needed <= available;
    }
}
