package io.appnet.openflow.message;

import java.util.ArrayList;
import java.util.List;

/** The flows a {@link FlowStatsRequest} selected ({@code OFPMP_FLOW} reply). */
public record FlowStatsReply(List<FlowStats> flows) implements MultipartReplyBody {
    public FlowStatsReply {
        flows = List.copyOf(flows);
    }

    @Override
    public int multipartType() {
        return MultipartType.FLOW.code();
    }

    @Override
    public FlowStatsReply followedBy(MultipartReplyBody next) {
        if (!(next instanceof FlowStatsReply more)) {
            throw new IllegalArgumentException("flow stats reply followed by " + next);
        }
        List<FlowStats> all = new ArrayList<>(flows);
        all.addAll(more.flows);
        return new FlowStatsReply(all);
    }
}
