package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.OxmId;
import io.appnet.openflow.message.TableFeatures;
import io.appnet.openflow.message.TableFeaturesReply;
import io.appnet.openflow.message.TableFeaturesRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * OFPMP_TABLE_FEATURES from real bytes: the first reply part Open vSwitch 3.1 sent for a bridge whose tables 0 and
 * 1 are limited by OVSDB Flow_Table rows (see {@code table-features-ovs-3.1.txt}, what {@code ovs-ofctl
 * dump-table-features} printed for the same switch); round trips; and lengths that lie.
 */
class TableFeaturesCodecTest {

    private static final int GOTO_TABLE = 1;
    private static final int WRITE_METADATA = 2;
    private static final int APPLY_ACTIONS = 4;
    private static final int OUTPUT = 0;
    private static final int SET_FIELD = 25;

    static byte[] ovsPart() throws IOException {
        try (InputStream in = TableFeaturesCodecTest.class.getResourceAsStream("table-features-ovs-3.1-part0.bin")) {
            return in.readAllBytes();
        }
    }

    private static TableFeaturesReply decode(byte[] bytes) {
        return (TableFeaturesReply) ((MultipartReply) OfMessageCodec.decode(bytes)).body();
    }

    @Test
    void ovsFirstPartHasTablesZeroToElevenWithTheFlowLimitsAsMaxEntries() throws IOException {
        MultipartReply reply = (MultipartReply) OfMessageCodec.decode(ovsPart());
        List<TableFeatures> tables = ((TableFeaturesReply) reply.body()).tables();

        assertThat(reply.more()).isTrue();
        assertThat(tables).extracting(TableFeatures::tableId).containsExactlyElementsOf(
                IntStream.range(0, 12).boxed().toList());
        assertThat(tables.get(0)).extracting(TableFeatures::name, TableFeatures::maxEntries,
                TableFeatures::metadataMatch, TableFeatures::metadataWrite).containsExactly("fw-classify", 100L, -1L, -1L);
        assertThat(tables.get(1)).extracting(TableFeatures::name, TableFeatures::maxEntries)
                .containsExactly("fw-policy", 50L);
        assertThat(tables.get(2)).extracting(TableFeatures::name, TableFeatures::maxEntries).containsExactly("", 1_000_000L);
        // "next tables: 1-253" for table 0
        assertThat(tables.get(0).nextTables()).containsExactlyElementsOf(IntStream.rangeClosed(1, 253).boxed().toList());
    }

    @Test
    void ovsTablesOfferWhatTheFirewallProfileNeeds() throws IOException {
        TableFeatures table = decode(ovsPart()).tables().get(0);

        // "instructions: meter apply_actions clear_actions write_actions write_metadata goto_table"
        assertThat(table.instructions()).contains(GOTO_TABLE, WRITE_METADATA, APPLY_ACTIONS).hasSize(6);
        assertThat(table.applyActions()).contains(OUTPUT, SET_FIELD);
        List<OxmField> needed = List.of(OxmField.TUNNEL_ID, OxmField.METADATA, OxmField.IN_PORT, OxmField.ETH_TYPE,
                OxmField.IP_PROTO, OxmField.IPV4_SRC, OxmField.IPV4_DST, OxmField.TCP_SRC, OxmField.TCP_DST,
                OxmField.UDP_DST, OxmField.ICMPV4_TYPE);
        assertThat(needed).allMatch(table::matches).allMatch(table::wildcards);
        // "arbitrary mask: ... tun_{id,..} metadata ... ip_{src,dst} ... tcp_{src,dst}"; "exact match or wildcard:
        // ... in_{port,..} ... eth_type ... nw_{proto,..} ... icmp_{type,code}"
        assertThat(List.of(OxmField.TUNNEL_ID, OxmField.METADATA, OxmField.IPV4_SRC, OxmField.IPV4_DST,
                OxmField.TCP_SRC, OxmField.TCP_DST)).allMatch(table::masks);
        assertThat(List.of(OxmField.IN_PORT, OxmField.ETH_TYPE, OxmField.IP_PROTO, OxmField.ICMPV4_TYPE))
                .noneMatch(table::masks);
        assertThat(table.sets(OxmField.TUNNEL_ID)).isTrue();
        assertThat(table.match()).filteredOn(oxm -> oxm.oxmClass() == OxmId.EXPERIMENTER_CLASS).isNotEmpty()
                .allMatch(oxm -> oxm.experimenter() != 0 && oxm.known().isEmpty());
    }

    @Test
    void whatWeKeepRoundTrips() throws IOException {
        TableFeaturesReply ovs = decode(ovsPart());
        MultipartReply ours = new MultipartReply(7, false, ovs);

        ByteBuf out = Unpooled.buffer();
        OfMessageCodec.encode(ours, out);
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();

        assertThat(OfMessageCodec.decode(bytes)).isEqualTo(ours);
    }

    @Test
    void theRequestIsAnEmptyTableFeaturesMultipart() {
        MultipartRequest request = new MultipartRequest(2, false, new TableFeaturesRequest());

        assertThat(OvsPrint.hexOf(request)).isEqualTo(ByteBufUtil.hexDump(new byte[] {4, 18, 0, 16, 0, 0, 0, 2,
            0, 12, 0, 0, 0, 0, 0, 0}));
        assertThat(OfMessageCodec.decode(Unpooled.wrappedBuffer(new byte[] {4, 18, 0, 16, 0, 0, 0, 2, 0, 12, 0, 0,
            0, 0, 0, 0}))).isEqualTo(request);
    }

    @Test
    void lengthsThatLieAreRefusedNamingWhat() throws IOException {
        byte[] good = ovsPart();

        byte[] tableTooLong = good.clone();
        tableTooLong[16] = (byte) 0xFF; // first table's length high byte
        assertThatThrownBy(() -> decode(tableTooLong)).isInstanceOf(OfDecodeException.class)
                .hasMessageContaining("table features: length");

        byte[] propertyTooLong = good.clone();
        propertyTooLong[16 + 64 + 2] = (byte) 0x7F; // table 0's first property (instructions) length
        assertThatThrownBy(() -> decode(propertyTooLong)).hasMessageContaining("table 0: property 0 has length");

        byte[] propertyTooShort = good.clone();
        propertyTooShort[16 + 64 + 2] = 0;
        propertyTooShort[16 + 64 + 3] = 2;
        assertThatThrownBy(() -> decode(propertyTooShort)).hasMessageContaining("table 0: property 0 has length 2");

        byte[] oddId = good.clone();
        oddId[16 + 64 + 7] = 8; // the first instruction id claims 8 bytes
        assertThatThrownBy(() -> decode(oddId)).hasMessageContaining("table 0 property 0: id of type 1 has length 8");

        byte[] unterminated = good.clone();
        java.util.Arrays.fill(unterminated, 16 + 8, 16 + 8 + 32, (byte) 'a');
        assertThatThrownBy(() -> decode(unterminated)).hasMessageContaining("table 0: name is not NUL-terminated");
    }

    @Test
    void oneReplyWithMoreTablesThanExistIsRefused() throws IOException {
        byte[] part = ovsPart();
        int tableLength = ((part[16] & 0xFF) << 8) | (part[17] & 0xFF);
        byte[] table = java.util.Arrays.copyOfRange(part, 16, 16 + tableLength);
        int count = TableFeaturesReply.MAX_TABLES + 1;
        byte[] reply = new byte[16 + count * 64];
        System.arraycopy(part, 0, reply, 0, 16);
        for (int i = 0; i < count; i++) {
            System.arraycopy(table, 0, reply, 16 + i * 64, 64); // header only: no properties
            reply[16 + i * 64] = 0;
            reply[16 + i * 64 + 1] = 64;
        }
        reply[2] = (byte) (reply.length >> 8);
        reply[3] = (byte) reply.length;

        assertThatThrownBy(() -> decode(reply)).isInstanceOf(OfDecodeException.class)
                .hasMessageContaining("more than 255 tables in one reply");
    }

    @Test
    void aSwitchCannotMakeUsHoldMoreTablesThanExist() throws IOException {
        TableFeatures one = decode(ovsPart()).tables().get(0);
        List<TableFeatures> many = new ArrayList<>(Collections.nCopies(TableFeaturesReply.MAX_TABLES, one));
        TableFeaturesReply full = new TableFeaturesReply(many);

        assertThatThrownBy(() -> full.followedBy(new TableFeaturesReply(List.of(one))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 255");
    }
}
