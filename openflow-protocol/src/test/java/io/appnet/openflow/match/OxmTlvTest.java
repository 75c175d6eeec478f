package io.appnet.openflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.codec.OfDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OxmTlvTest {

    /** Headers as Open vSwitch writes them in OpenFlow 1.3 (ovs-ofctl ofp-print of its own flow_mods). */
    @ParameterizedTest
    @CsvSource({
        "IN_PORT, 3, 800000040000000" + "3",
        "ETH_TYPE, 2048, 80000a020800",
        "IP_PROTO, 6, 80001401" + "06",
        "TUNNEL_ID, 123, 80004c08000000000000007b",
        "REG5, 7, 00010a0400000007",
        "CT_ZONE, 9, 0001d4020009",
        "CONJ_ID, 4, 00014a0400000004",
        "TUN_IPV4_DST, 167772161, 000140040a000001",
    })
    void exactTlvBytes(OxmField field, long value, String hex) {
        assertThat(encode(OxmTlv.exact(field, value))).isEqualTo(hex);
        assertThat(OxmTlv.decode(buf(hex))).isEqualTo(OxmTlv.exact(field, value));
    }

    @Test
    void maskedTlvDoublesLengthAndSetsHasMask() {
        OxmTlv ctState = OxmTlv.masked(OxmField.CT_STATE, 0x22, 0x22);
        assertThat(encode(ctState)).isEqualTo("0001d30800000022" + "00000022");
        assertThat(OxmTlv.decode(buf("0001d3080000002200000022"))).isEqualTo(ctState);
    }

    @Test
    void allOnesMaskIsWrittenAsExact() {
        assertThat(encode(OxmTlv.masked(OxmField.REG0, 5, 0xffffffffL))).isEqualTo("0001000400000005");
    }

    @Test
    void regHelperAndMoveHeaders() {
        assertThat(OxmField.reg(15)).isEqualTo(OxmField.REG15);
        assertThat(OxmField.REG3.nxmName()).isEqualTo("NXM_NX_REG3");
        assertThat(OxmField.TUNNEL_ID.nxmHeader()).isEqualTo(0x00012008);
        assertThat(OxmField.IN_PORT.nxmHeader()).isEqualTo(0x00000002);
        assertThat(OxmField.IN_PORT.nxmBits()).isEqualTo(16);
        assertThat(OxmField.IPV4_SRC.nxmHeader()).isEqualTo(0x00000e04);
        assertThatThrownBy(() -> OxmField.reg(16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsValuesTheFieldCannotHold() {
        assertThatThrownBy(() -> OxmTlv.exact(OxmField.ETH_TYPE, 0x10000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eth_type");
        assertThatThrownBy(() -> OxmTlv.masked(OxmField.IN_PORT, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be masked");
        assertThatThrownBy(() -> OxmTlv.masked(OxmField.REG0, 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside mask");
    }

    @Test
    void decodeRejectsMalformedTlvs() {
        assertThatThrownBy(() -> OxmTlv.decode(buf("80000a03080000")))
                .isInstanceOf(OfDecodeException.class).hasMessage("OXM eth_type has payload length 3, expected 2");
        assertThatThrownBy(() -> OxmTlv.decode(buf("80000a0208")))
                .isInstanceOf(OfDecodeException.class).hasMessageContaining("declares 2 payload bytes, only 1");
        assertThatThrownBy(() -> OxmTlv.decode(buf("0001010800000003" + "00000001")))
                .isInstanceOf(OfDecodeException.class).hasMessageContaining("1-bits outside mask");
        assertThatThrownBy(() -> OxmTlv.decode(buf("8000010400000001")))
                .isInstanceOf(OfDecodeException.class).hasMessage("OXM in_port (masked) has payload length 4, "
                        + "expected 8");
        assertThatThrownBy(() -> OxmTlv.decode(buf("80003e0400000001")))
                .isInstanceOf(OfDecodeException.class).hasMessage("unsupported OXM class 0x8000 field 31");
    }

    static String encode(OxmEntry entry) {
        ByteBuf out = Unpooled.buffer();
        entry.encode(out);
        assertThat(out.readableBytes()).isEqualTo(entry.wireLength());
        return ByteBufUtil.hexDump(out);
    }

    static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    }
}
