package io.appnet.openflow.message;

/**
 * Totals over the flows an {@link AggregateStatsRequest} selected ({@code struct ofp_aggregate_stats_reply});
 * counts are unsigned 64-bit. Always a single part.
 */
public record AggregateStatsReply(long packetCount, long byteCount, long flowCount) implements MultipartReplyBody {
    public AggregateStatsReply {
        Unsigned.u32("flow_count", flowCount);
    }

    @Override
    public int multipartType() {
        return MultipartType.AGGREGATE.code();
    }

    @Override
    public MultipartReplyBody followedBy(MultipartReplyBody next) {
        throw new IllegalArgumentException("an aggregate stats reply is a single part, but another followed: " + next);
    }
}
