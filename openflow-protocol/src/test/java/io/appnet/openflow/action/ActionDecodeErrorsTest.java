package io.appnet.openflow.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.codec.OfDecodeException;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.message.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed action and instruction lists are refused with a message that says where and why. */
class ActionDecodeErrorsTest {
    private static final String OUTPUT_3 = "0000 0010 00000003 0000 000000000000";

    @Test
    void listLengthMustBeAMultipleOf8() {
        assertActionsRejected(OUTPUT_3, 12, "action list length 12 is not a non-negative multiple of 8");
        assertActionsRejected(OUTPUT_3, -8, "action list length -8 is not a non-negative multiple of 8");
    }

    @Test
    void listLengthBeyondTheBytesPresentIsRefusedBeforeReadingAnything() {
        ByteBuf in = hex(OUTPUT_3);
        assertThatThrownBy(() -> Actions.decode(in, 0x7ffffff8))
                .isInstanceOf(OfDecodeException.class)
                .hasMessage("action list of 2147483640 bytes overruns the 16 bytes present");
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void actionShorterThanItsHeader() {
        assertActionsRejected(OUTPUT_3 + "0000 0004 00000000", 24,
                "action at offset 16 (type OUTPUT): length 4 is shorter than the 8-byte action header");
        assertActionsRejected("0016 0000 00000000", 8,
                "action at offset 0 (type GROUP): length 0 is shorter than the 8-byte action header");
    }

    @Test
    void actionLengthNotAMultipleOf8() {
        assertActionsRejected("0000 000c 00000003 0000 000000000000", 16,
                "action at offset 0 (type OUTPUT): length 12 is not a multiple of 8");
    }

    @Test
    void actionRunningPastTheList() {
        assertActionsRejected("0016 0008 00000001" + "0000 0018 00000003 0000 000000000000", 24,
                "action at offset 8 (type OUTPUT): length 24 overruns the 16 bytes left in the action list");
    }

    @Test
    void fixedSizeActionsMustHaveTheirSize() {
        assertActionsRejected("0000 0008 00000003", 8,
                "action at offset 0 (type OUTPUT): output action has length 8, must be 16");
        assertActionsRejected("0016 0010 00000001 0000000000000000", 16,
                "action at offset 0 (type GROUP): group action has length 16, must be 8");
    }

    @Test
    void outputToAnyIsRefused() {
        assertActionsRejected("0000 0010 ffffffff 0000 000000000000", 16,
                "action at offset 0 (type OUTPUT): output to port 0xffffffff, which is neither physical nor "
                        + "IN_PORT..LOCAL");
    }

    @Test
    void maskedOrPaddedSetFieldIsRefused() {
        // OXM_OF_ETH_DST with mask: OpenFlow 1.3 set_field has none.
        assertActionsRejected("0019 0018 8000070c 001122334400 ffffffffff00 00000000", 24,
                "action at offset 0 (type SET_FIELD): set_field of eth_dst carries a mask, which OpenFlow 1.3 "
                        + "set_field does not allow");
        assertActionsRejected("0019 0010 80000606 001122334455 0100", 16,
                "action at offset 0 (type SET_FIELD): set_field padding after the OXM TLV is not zero");
        assertActionsRejected("0019 0010 8000060a 001122334455 0000", 16,
                "action at offset 0 (type SET_FIELD): OXM class 0x8000 field 3 declares 10 payload bytes, only 8 "
                        + "follow");
    }

    @Test
    void setFieldOfReadOnlyFieldIsRefused() {
        assertActionsRejected("0019 0010 80000a02 0800 000000000000", 16,
                "action at offset 0 (type SET_FIELD): set_field cannot write read-only field eth_type");
    }

    @Test
    void malformedNiciraActions() {
        assertActionsRejected("ffff 0008 00002320", 8,
                "action at offset 0 (type EXPERIMENTER): Nicira action of 8 bytes is shorter than the 16-byte "
                        + "extension header");
        assertActionsRejected("ffff 0010 00002320 000e fff8 03 000001", 16,
                "action at offset 0 (type EXPERIMENTER): resubmit padding is not zero");
        assertActionsRejected("ffff 0010 00002320 0022 00 01 00000007", 16,
                "action at offset 0 (type EXPERIMENTER): conjunction clause 0 of 1 clauses: needs 2..64 clauses "
                        + "and a 0-based clause below their number");
        assertActionsRejected("ffff 0010 00002320 0006 0020 0000 0000", 16,
                "action at offset 0 (type EXPERIMENTER): move action of 16 bytes is too short for two field "
                        + "headers");
        assertActionsRejected("ffff 0018 00002320 0006 0021 0000 0000 00010004 00010204", 24,
                "action at offset 0 (type EXPERIMENTER): bits [0..32] do not fit the 32-bit field NXM_NX_REG0");
        assertActionsRejected("ffff 0018 00002320 0006 0020 0000 0000 00010104 00010204", 24,
                "action at offset 0 (type EXPERIMENTER): field header 0x00010104 has the mask bit set");
    }

    @Test
    void malformedCtAndNat() {
        String ctHeader = "ffff 0030 00002320 0023 0001 00000000 0005 ff 000000 0000";
        assertActionsRejected(ctHeader + "ffff 0018 00002320 0023 0001 00000000 0000 ff 000000 0000", 48,
                "action at offset 0 (type EXPERIMENTER): action at offset 0 (type EXPERIMENTER): ct cannot run "
                        + "inside ct");
        assertActionsRejected("ffff 0018 00002320 0023 0002 00000000 0000 ff 000000 0000", 24,
                "action at offset 0 (type EXPERIMENTER): ct force needs commit");
        assertActionsRejected("ffff 0028 00002320 0023 0000 00000000 0000 ff 000000 0000"
                        + "0000 0010 00000003 0000 000000000000", 40,
                "action at offset 0 (type EXPERIMENTER): ct may only run nat, and set_field or move into ct fields, not "
                        + "output:3");
        String nat = "ffff 0018 00002320 0024 0000 %s %s 0a000001 00000000";
        assertActionsRejected(wrapInCt(String.format(nat, "0003", "0001")),
                "nat is both src and dst");
        assertActionsRejected(wrapInCt(String.format(nat, "0001", "0002")),
                "nat announces a range maximum without its minimum");
        assertActionsRejected(wrapInCt(String.format(nat, "0019", "0001")),
                "nat cannot be both hash and random");
        assertActionsRejected(wrapInCt("ffff 0010 00002320 0024 0000 0001 0031"),
                "nat range parts overrun the 16-byte action");
    }

    @Test
    void natAndCtFieldsOutsideCtAreRefused() {
        assertActionsRejected("ffff 0010 00002320 0024 0000 0000 0000", 16, "nat is only allowed inside ct");
        assertActionsRejected("0019 0010 0001d604 00000001 00000000", 16,
                "set_field to ct_mark is only allowed inside ct");
    }

    @Test
    void actionsWeDoNotModelAreKeptOpaqueAndReencodedUnchanged() {
        String decTtl = "0018 0008 00000000";
        String otherExperimenter = "ffff 0010 00001234 0001 000000000000";
        String niciraLearn = "ffff 0010 00002320 0010 000000000000";
        String setVlanVid = "0019 0010 80000c02 1005 000000000000";
        String moveFromExperimenterField = "ffff 0020 00002320 0006 0008 0000 0000 ffff0005 00001234 00010204"
                + "00000000";
        String ipv6Nat = "ffff 0020 00002320 0024 0000 0001 0004 20010db8000000000000000000000001";
        String hex = decTtl + otherExperimenter + niciraLearn + setVlanVid + moveFromExperimenterField
                + "ffff 0038 00002320 0023 0001 00000000 0000 ff 000000 0000" + ipv6Nat;
        ByteBuf in = hex(hex);
        int length = in.readableBytes();

        List<Action> actions = Actions.decode(in, length);

        assertThat(actions).hasSize(6).first().isEqualTo(new UnknownAction(Bytes.ofHex(decTtl.replace(" ", ""))));
        assertThat(actions.subList(0, 5)).allSatisfy(a -> assertThat(a).isInstanceOf(UnknownAction.class));
        assertThat(((Ct) actions.get(5)).actions()).singleElement().isInstanceOf(UnknownAction.class);
        assertThat(((UnknownAction) actions.get(1)).experimenter()).isEqualTo(0x1234);
        assertThat(actions.get(0).toOvsText()).isEqualTo("unknown(type=24,len=8,bytes=0018000800000000)");
        ByteBuf out = Unpooled.buffer();
        Actions.encode(actions, out);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(hex.replace(" ", ""));
    }

    @Test
    void originalResubmitDecodesAsResubmitToTheCurrentTable() {
        List<Action> actions = Actions.decode(hex("ffff 0010 00002320 0001 0005 ff 123456"), 16);
        assertThat(actions).containsExactly(Action.resubmit(5, Resubmit.CURRENT_TABLE));
        assertThat(Actions.toOvsText(actions)).isEqualTo("resubmit:5");
    }

    @Test
    void moveAcceptsOxmHeadersOfTheSameWidth() {
        // OXM_OF_TUNNEL_ID as source, as another controller might send it.
        List<Action> actions = Actions.decode(hex("ffff 0018 00002320 0006 0020 0000 0000 80004c08 00010004"), 24);
        assertThat(actions).containsExactly(Action.move(Subfield.range(OxmField.TUNNEL_ID, 0, 31),
                Subfield.whole(OxmField.REG0)));
    }

    @Test
    void malformedInstructions() {
        assertInstructionsRejected("0001 0008 01000000", 4,
                "instruction list length 4 is not a non-negative multiple of 8");
        assertInstructionsRejected("0001 0004 01000000", 8,
                "instruction at offset 0 (type 1): length 4 is not a multiple of 8 of at least 8");
        assertInstructionsRejected("0004 0018 00000000", 8,
                "instruction at offset 0 (type 4): length 24 overruns the 8 bytes left in the instruction list");
        assertInstructionsRejected("0001 0008 01000000 0001 0008 02000000", 16,
                "instruction at offset 8 (type 1): the list already has an instruction of this type");
        assertInstructionsRejected("0001 0008 ff000000", 8,
                "instruction at offset 0 (type 1): goto_table 255 is outside 0..254");
        assertInstructionsRejected("0002 0010 00000000 0000000000000001", 16,
                "instruction at offset 0 (type 2): write_metadata action has length 16, must be 24");
        assertInstructionsRejected("0004 0010 00000000 0000 0004 00000000", 16,
                "instruction at offset 0 (type 4): action at offset 0 (type OUTPUT): length 4 is shorter than "
                        + "the 8-byte action header");
    }

    @Test
    void unknownInstructionsAreKeptOpaque() {
        String hex = "ffff 0010 00002320 0000000000000000" + "0007 0008 00000000";
        List<Instruction> decoded = Instructions.decode(hex(hex), 24);
        assertThat(decoded).hasSize(2).allSatisfy(i -> assertThat(i).isInstanceOf(Instruction.Unknown.class));
        ByteBuf out = Unpooled.buffer();
        Instructions.encode(decoded, out);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(hex.replace(" ", ""));
    }

    private static String wrapInCt(String natHex) {
        int natLength = natHex.replace(" ", "").length() / 2;
        return String.format("ffff %04x 00002320 0023 0001 00000000 0000 ff 000000 0000", 24 + natLength) + natHex;
    }

    private static void assertActionsRejected(String ctHex, String messagePart) {
        ByteBuf in = hex(ctHex);
        assertThatThrownBy(() -> Actions.decode(in, in.readableBytes()))
                .isInstanceOf(OfDecodeException.class)
                .hasMessageContaining(messagePart);
    }

    private static void assertActionsRejected(String hex, int length, String message) {
        assertThatThrownBy(() -> Actions.decode(hex(hex), length))
                .isInstanceOf(OfDecodeException.class)
                .hasMessage(message);
    }

    private static void assertInstructionsRejected(String hex, int length, String message) {
        assertThatThrownBy(() -> Instructions.decode(hex(hex), length))
                .isInstanceOf(OfDecodeException.class)
                .hasMessage(message);
    }

    static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
    }
}
