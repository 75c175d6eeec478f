package io.appnet.openflow.message;

import java.util.Objects;

/** Asks for totals over the selected flows ({@code OFPMP_AGGREGATE}); answered by {@link AggregateStatsReply}. */
public record AggregateStatsRequest(FlowSelection selection) implements MultipartRequestBody {
    public AggregateStatsRequest {
        Objects.requireNonNull(selection, "selection");
    }

    @Override
    public int multipartType() {
        return MultipartType.AGGREGATE.code();
    }
}
