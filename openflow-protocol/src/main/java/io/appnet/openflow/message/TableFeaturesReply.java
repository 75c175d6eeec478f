package io.appnet.openflow.message;

import java.util.ArrayList;
import java.util.List;

/** The features of a switch's tables ({@code OFPMP_TABLE_FEATURES} reply); Open vSwitch sends 254 in ~20 parts. */
public record TableFeaturesReply(List<TableFeatures> tables) implements MultipartReplyBody {

    /** At most one entry per table ID 0..254: what a switch that keeps adding parts can make us hold. */
    public static final int MAX_TABLES = 255;

    public TableFeaturesReply {
        tables = List.copyOf(tables);
        if (tables.size() > MAX_TABLES) {
            throw new IllegalArgumentException("table features for " + tables.size() + " tables; at most "
                    + MAX_TABLES + " exist");
        }
    }

    @Override
    public int multipartType() {
        return MultipartType.TABLE_FEATURES.code();
    }

    @Override
    public TableFeaturesReply followedBy(MultipartReplyBody next) {
        if (!(next instanceof TableFeaturesReply more)) {
            throw new IllegalArgumentException("table features reply followed by " + next);
        }
        List<TableFeatures> all = new ArrayList<>(tables);
        all.addAll(more.tables);
        return new TableFeaturesReply(all);
    }
}
