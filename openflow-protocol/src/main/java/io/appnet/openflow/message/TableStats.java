package io.appnet.openflow.message;

/** Counters of one flow table ({@code struct ofp13_table_stats}); counts are unsigned 64-bit. */
public record TableStats(int tableId, long activeCount, long lookupCount, long matchedCount) {
    public TableStats {
        Unsigned.u8("table_id", tableId);
        Unsigned.u32("active_count", activeCount);
    }
}
