package io.appnet.controller.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.firewall.Capabilities;
import io.appnet.compiler.firewall.TableFeatures;
import io.appnet.compiler.flow.MatchField;
import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.TableFeaturesReply;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Open vSwitch 3.1's own table features reply (its first part, tables 0-11) in the compiler's terms. */
class DeviceTablesTest {

    static Capabilities ovs() throws IOException {
        try (InputStream in = DeviceTablesTest.class.getResourceAsStream(
                "/io/appnet/openflow/codec/table-features-ovs-3.1-part0.bin")) {
            MultipartReply reply = (MultipartReply) OfMessageCodec.decode(in.readAllBytes());
            return DeviceTables.capabilities(((TableFeaturesReply) reply.body()).tables());
        }
    }

    @Test
    void theFlowLimitsAreTheEntriesAndTheProfilesFieldsInstructionsAndActionsAreThere() throws IOException {
        Capabilities tables = ovs();
        assertThat(tables.tables()).hasSize(12);
        TableFeatures classify = tables.tables().get(0);
        assertThat(classify.tableId()).isZero();
        assertThat(classify.maxEntries()).isEqualTo(100);
        assertThat(tables.tables().get(1).maxEntries()).isEqualTo(50);
        assertThat(classify.match()).contains(MatchField.IN_PORT, MatchField.ETH_TYPE, MatchField.IPV4_SRC,
                MatchField.IPV4_DST, MatchField.IP_PROTO, MatchField.TCP_DST, MatchField.TCP_SRC, MatchField.UDP_DST,
                MatchField.METADATA, MatchField.TUN_ID, MatchField.ICMP_TYPE);
        assertThat(classify.maskable()).contains(MatchField.IPV4_SRC, MatchField.IPV4_DST, MatchField.TCP_DST,
                MatchField.METADATA).doesNotContain(MatchField.IN_PORT, MatchField.IP_PROTO);
        assertThat(classify.match()).allMatch(MatchField::standard);
        assertThat(classify.instructions()).containsExactlyInAnyOrder(TableFeatures.Instruction.values());
        assertThat(classify.actions()).containsExactlyInAnyOrder(TableFeatures.ActionType.values());
        assertThat(classify.setFields()).contains(MatchField.TUN_ID, MatchField.IPV4_DST);
    }
}
