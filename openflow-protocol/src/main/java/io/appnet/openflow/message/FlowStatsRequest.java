package io.appnet.openflow.message;

import java.util.Objects;

/** Asks for the statistics of each selected flow ({@code OFPMP_FLOW}); answered by {@link FlowStatsReply}. */
public record FlowStatsRequest(FlowSelection selection) implements MultipartRequestBody {
    public FlowStatsRequest {
        Objects.requireNonNull(selection, "selection");
    }

    @Override
    public int multipartType() {
        return MultipartType.FLOW.code();
    }
}
