package io.appnet.openflow.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real ovs-ofctl as oracle: it decodes the flow-mod we encode and prints exactly our {@code toOvsText()}; and
 * it parses that text back into the same canonical text.
 */
@Tag("ovs-tools")
class ActionOvsOracleTest {

    static List<ActionCases.Case> cases() {
        return ActionCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ovsDecodesOurBytesToOurText(ActionCases.Case c) {
        ByteBuf instructions = Unpooled.buffer();
        Instructions.encode(c.instructions(), instructions);
        byte[] flowMod = OvsOfctl.flowMod(c.prereq().oxmHex, ByteBufUtil.getBytes(instructions));

        assertThat(OvsOfctl.printedActions(flowMod)).isEqualTo(Instructions.toOvsText(c.instructions()))
                .isEqualTo(c.ovsText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ovsParsesOurTextToTheSameText(ActionCases.Case c) {
        assertThat(OvsOfctl.parsedActions(flowText(c))).isEqualTo(c.ovsText());
    }

    /** The other direction: Open vSwitch encodes the text; we decode its bytes and re-encode them unchanged. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void weDecodeOvsBytesToTheSameTextAndBytes(ActionCases.Case c) {
        byte[] flowMod = OvsFlowModCapture.flowMod(flowText(c));
        ByteBuf in = Unpooled.wrappedBuffer(flowMod);
        int matchLength = in.getUnsignedShort(FLOW_MOD_FIXED_LENGTH + 2);
        int instructionsStart = FLOW_MOD_FIXED_LENGTH + ((matchLength + 7) & ~7);
        in.readerIndex(instructionsStart);

        List<Instruction> decoded = Instructions.decode(in, flowMod.length - instructionsStart);

        assertThat(Instructions.toOvsText(decoded)).isEqualTo(c.ovsText());
        ByteBuf again = Unpooled.buffer();
        Instructions.encode(decoded, again);
        assertThat(ByteBufUtil.hexDump(again))
                .isEqualTo(ByteBufUtil.hexDump(flowMod, instructionsStart, flowMod.length - instructionsStart));
    }

    private static final int FLOW_MOD_FIXED_LENGTH = 48;

    private static String flowText(ActionCases.Case c) {
        String match = switch (c.prereq()) {
            case NONE -> "table=0";
            case IP -> "ip";
            case TCP -> "tcp";
            case UDP -> "udp";
            case IP_TRACKED -> "ip,ct_state=+est+trk";
        };
        return match + ",actions=" + c.ovsText();
    }

    /** ovs-ofctl prints these but would not parse them back the same (no text for the helper; empty set dropped). */
    @Test
    void ovsPrintsWhatItCannotParse() {
        assertPrinted(ActionCases.Prereq.TCP, "ct(commit,alg=2121)",
                Instruction.applyActions(Action.ct().withCommit().withAlg(2121)));
        assertPrinted(ActionCases.Prereq.NONE, "write_actions(drop)", Instruction.writeActions(List.of()));
    }

    private static void assertPrinted(ActionCases.Prereq prereq, String text, Instruction instruction) {
        ByteBuf instructions = Unpooled.buffer();
        Instructions.encode(List.of(instruction), instructions);
        byte[] flowMod = OvsOfctl.flowMod(prereq.oxmHex, ByteBufUtil.getBytes(instructions));
        assertThat(OvsOfctl.printedActions(flowMod)).isEqualTo(text)
                .isEqualTo(Instructions.toOvsText(List.of(instruction)));
    }
}
