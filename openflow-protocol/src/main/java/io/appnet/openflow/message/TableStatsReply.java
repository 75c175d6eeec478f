package io.appnet.openflow.message;

import java.util.ArrayList;
import java.util.List;

/** Counters of every table ({@code OFPMP_TABLE} reply). */
public record TableStatsReply(List<TableStats> tables) implements MultipartReplyBody {
    public TableStatsReply {
        tables = List.copyOf(tables);
    }

    @Override
    public int multipartType() {
        return MultipartType.TABLE.code();
    }

    @Override
    public TableStatsReply followedBy(MultipartReplyBody next) {
        if (!(next instanceof TableStatsReply more)) {
            throw new IllegalArgumentException("table stats reply followed by " + next);
        }
        List<TableStats> all = new ArrayList<>(tables);
        all.addAll(more.tables);
        return new TableStatsReply(all);
    }
}
