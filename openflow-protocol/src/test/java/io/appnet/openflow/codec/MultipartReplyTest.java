package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.message.AggregateStatsReply;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.PortDescReply;
import io.appnet.openflow.message.RawMultipartBody;
import io.appnet.openflow.message.TableStats;
import io.appnet.openflow.message.TableStatsReply;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartReplyTest {
    private static final TableStats T0 = new TableStats(0, 1, 2, 3);
    private static final TableStats T1 = new TableStats(1, 4, 5, 6);
    private static final TableStats T2 = new TableStats(2, 7, 8, 9);

    @Test
    void partsAreGatheredUntilOneWithoutMore() {
        MultipartReply first = new MultipartReply(5, true, new TableStatsReply(List.of(T0)));
        MultipartReply last = new MultipartReply(5, false, new TableStatsReply(List.of(T1, T2)));

        assertThat(MultipartReply.isLastPart(first)).isFalse();
        assertThat(MultipartReply.isLastPart(last)).isTrue();
        assertThat(MultipartReply.isLastPart(new ErrorMessage(5, 1, 2, Bytes.EMPTY))).isTrue();
        assertThat(MultipartReply.combine(List.of(first, last))).isEqualTo(new TableStatsReply(List.of(T0, T1, T2)));
    }

    @Test
    void rawBodiesConcatenate() {
        MultipartReply first = new MultipartReply(5, true, new RawMultipartBody(4, Bytes.ofHex("0102")));
        MultipartReply last = new MultipartReply(5, false, new RawMultipartBody(4, Bytes.ofHex("03")));

        assertThat(MultipartReply.combine(List.of(first, last)))
                .isEqualTo(new RawMultipartBody(4, Bytes.ofHex("010203")));
    }

    @Test
    void partsThatDoNotBelongTogetherAreRefused() {
        MultipartReply tables = new MultipartReply(5, true, new TableStatsReply(List.of(T0)));
        MultipartReply ports = new MultipartReply(5, false, new PortDescReply(List.of()));
        MultipartReply aggregate = new MultipartReply(5, true, new AggregateStatsReply(1, 2, 3));
        MultipartReply lastAggregate = new MultipartReply(5, false, new AggregateStatsReply(1, 2, 3));

        assertThatThrownBy(() -> MultipartReply.combine(List.of(tables, ports)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table stats reply followed by");
        assertThatThrownBy(() -> MultipartReply.combine(List.of(aggregate, lastAggregate)))
                .hasMessageContaining("single part");
        assertThatThrownBy(() -> MultipartReply.combine(List.of(tables)))
                .hasMessageContaining("part 0 of 1 has more=true");
        assertThatThrownBy(() -> MultipartReply.combine(List.of(new BarrierReply(5))))
                .hasMessageContaining("not a multipart reply");
        assertThatThrownBy(() -> MultipartReply.combine(List.of())).hasMessageContaining("no multipart reply parts");
    }
}
