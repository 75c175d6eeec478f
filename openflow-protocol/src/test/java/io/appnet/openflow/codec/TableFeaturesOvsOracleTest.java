package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.TableFeatures;
import io.appnet.openflow.message.TableFeaturesReply;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Open vSwitch's {@code ovs-ofctl ofp-print} reads what we encode: the properties we keep, as OVS names them. */
@Tag("ovs-tools")
class TableFeaturesOvsOracleTest {

    @Test
    void ovsPrintsOurTableFeatures() throws Exception {
        TableFeatures ovsTable0 = ((TableFeaturesReply) ((MultipartReply) OfMessageCodec.decode(
                TableFeaturesCodecTest.ovsPart())).body()).tables().get(0);
        MultipartReply ours = new MultipartReply(9, false, new TableFeaturesReply(List.of(ovsTable0)));

        String text = OvsPrint.of(ours);

        assertThat(text).startsWith("OFPST_TABLE_FEATURES reply (OF1.3) (xid=0x9):")
                .contains("table 0 (\"fw-classify\"):").contains("max_entries=100")
                .contains("next tables: 1-253")
                .contains("instructions: meter apply_actions clear_actions write_actions write_metadata goto_table")
                .contains("arbitrary mask: ").contains("exact match or wildcard: ");
    }
}
