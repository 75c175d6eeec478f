package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.match.Match;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.PortDescReply;
import io.appnet.openflow.message.PortReason;
import io.appnet.openflow.message.PortStatus;
import io.appnet.openflow.message.RawMultipartBody;
import io.appnet.openflow.message.TableStatsReply;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Malformed bodies become an {@link OfDecodeException} that says what was wrong. */
class DecodeErrorsTest {
    private static final FlowMod FLOW_MOD = FlowMod.add(1, 10, Match.ANY, List.of()).withXid(7);

    @Test
    void flowModWithUnknownFlagsOrCommand() {
        byte[] unknownFlag = bytes(FLOW_MOD);
        unknownFlag[8 + 36 + 1] = 0x20; // low byte of flags
        byte[] unknownCommand = bytes(FLOW_MOD);
        unknownCommand[8 + 17] = 9;

        assertThatThrownBy(() -> decode(unknownFlag)).isInstanceOf(OfDecodeException.class)
                .hasMessage("malformed FLOW_MOD: java.lang.IllegalArgumentException: unknown flow-mod flag bits 0x20");
        assertThatThrownBy(() -> decode(unknownCommand)).hasMessageContaining("unknown flow-mod command 9");
    }

    @Test
    void bundleAddWhoseMessageHasAnotherXidOrIsABundleMessage() {
        byte[] otherXid = bytes(BundleAdd.of(3, Set.of(), FLOW_MOD));
        otherXid[24 + 7] = 8; // the embedded message's xid
        byte[] nested = bytes(BundleAdd.of(3, Set.of(), FLOW_MOD));
        nested[24 + 1] = 4; // the embedded message's type: EXPERIMENTER

        assertThatThrownBy(() -> decode(otherXid)).isInstanceOf(OfDecodeException.class)
                .hasMessage("bundle add of xid 7 embeds a message of xid 8");
        assertThatThrownBy(() -> decode(nested))
                .hasMessage("bundle add embeds a message of type EXPERIMENTER, which Open vSwitch does not bundle");
    }

    @Test
    void bundleAddWhoseMessageLengthRunsPastTheFrame() {
        byte[] bad = bytes(BundleAdd.of(3, Set.of(), FLOW_MOD));
        bad[24 + 3] += 8; // the embedded message's length

        assertThatThrownBy(() -> decode(bad)).hasMessageContaining("bundled message claims 64 bytes but 56 remain");
    }

    @Test
    void multipartRepliesOfTypesWeDoNotModelStayOpaque() {
        // OFPMP_DESC reply with a (short) body
        OfMessage reply = decode(HexFormat.of().parseHex("041300140000000500000000000000004f565300"));

        assertThat(reply).isEqualTo(new MultipartReply(5, false,
                new RawMultipartBody(0, Bytes.ofHex("4f565300"))));
    }

    @Test
    void arrayBodiesMustHoldWholeEntries() {
        byte[] ports = bytes(MultipartReply.of(1, new PortDescReply(List.of(MessageFixtures.VETH))));
        byte[] portsPlusOne = extend(ports, 1);
        byte[] tables = bytes(MultipartReply.of(1, new TableStatsReply(List.of())));

        assertThatThrownBy(() -> decode(portsPlusOne))
                .hasMessage("65 bytes of port description are not a multiple of 64");
        assertThatThrownBy(() -> decode(extend(tables, 23)))
                .hasMessage("23 bytes of table stats are not a multiple of 24");
    }

    @Test
    void portStatusWithUnknownReason() {
        byte[] status = bytes(new PortStatus(1, PortReason.ADD, MessageFixtures.VETH));
        status[8] = 7;

        assertThatThrownBy(() -> decode(status)).hasMessageContaining("unknown port status reason 7");
    }

    @Test
    void bundleControlWithUnknownTypeOrFlags() {
        byte[] type = bytes(BundleControl.open(1, 2, Set.of()));
        type[8 + 8 + 5] = 8;
        byte[] flags = bytes(BundleControl.open(1, 2, Set.of()));
        flags[8 + 8 + 7] = 4;

        assertThatThrownBy(() -> decode(type)).hasMessageContaining("unknown bundle control type 8");
        assertThatThrownBy(() -> decode(flags)).hasMessageContaining("unknown bundle flag bits 0x4");
    }

    private static byte[] extend(byte[] message, int extra) {
        byte[] longer = new byte[message.length + extra];
        System.arraycopy(message, 0, longer, 0, message.length);
        longer[2] = (byte) (longer.length >> 8);
        longer[3] = (byte) longer.length;
        return longer;
    }

    private static byte[] bytes(OfMessage message) {
        return HexFormat.of().parseHex(GoldenMessagesTest.hex(message));
    }

    private static OfMessage decode(byte[] bytes) {
        return OfMessageCodec.decode(Unpooled.wrappedBuffer(bytes));
    }
}
