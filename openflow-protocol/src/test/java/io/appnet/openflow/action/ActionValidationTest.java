package io.appnet.openflow.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.match.OxmField;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values that Open vSwitch would refuse cannot be built; encoding a bad list writes nothing. */
class ActionValidationTest {

    @Test
    void outputPorts() {
        assertThat(Action.output(OfPorts.CONTROLLER).maxLen()).isEqualTo(OfPorts.NO_BUFFER);
        assertThat(Action.output(7).maxLen()).isZero();
        assertRejected(() -> Action.output(OfPorts.ANY), "output port 0xffffffff is neither a physical port");
        assertRejected(() -> Action.output(0xffffff00L), "output port 0xffffff00");
        assertRejected(() -> Action.output(-1), "output port");
        assertRejected(() -> Action.output(1, 0x10000), "output max_len 65536 is outside 0..65535");
    }

    @Test
    void setField() throws Exception {
        assertThat(Action.setField(OxmField.TUN_IPV4_DST, (java.net.Inet4Address) InetAddress.getByName("10.1.2.3")))
                .isEqualTo(Action.setField(OxmField.TUN_IPV4_DST, 0x0a010203L));
        assertRejected(() -> Action.setField(OxmField.ETH_TYPE, 0x800), "set_field cannot write read-only field eth_type");
        assertRejected(() -> Action.setField(OxmField.IN_PORT, 1), "read-only field in_port");
        assertRejected(() -> Action.setField(OxmField.TCP_DST, 0x10000), "does not fit the 16 bits of tcp_dst");
        assertRejected(() -> Action.setField(null, 0), "set_field needs a field");
    }

    @Test
    void resubmitAndConjunction() {
        assertRejected(() -> Action.resubmit(OfPorts.IN_PORT, Resubmit.CURRENT_TABLE), "resubmit needs a port or a table");
        assertRejected(() -> Action.resubmit(256), "resubmit table 256 is outside 0..255");
        assertRejected(() -> Action.resubmit(0xff00, 1), "resubmit port 65280 has no 16-bit form");
        assertRejected(() -> Action.conjunction(1, 0, 2), "conjunction clause 0 is outside 1..2");
        assertRejected(() -> Action.conjunction(1, 3, 2), "conjunction clause 3 is outside 1..2");
        assertRejected(() -> Action.conjunction(1, 1, 65), "conjunction needs 2..64 clauses, got 65");
        assertRejected(() -> Action.conjunction(1L << 32, 1, 2), "is not a 32-bit unsigned number");
    }

    @Test
    void moveAndSubfields() {
        assertRejected(() -> Subfield.range(OxmField.REG0, 16, 32), "bits [16..32] do not fit the 32-bit field NXM_NX_REG0");
        assertRejected(() -> Subfield.range(OxmField.IN_PORT, 0, 31), "do not fit the 16-bit field NXM_OF_IN_PORT");
        assertRejected(() -> Action.move(Subfield.whole(OxmField.REG0), Subfield.whole(OxmField.TUNNEL_ID)),
                "move copies 32 bits from NXM_NX_REG0[] into 64 bits of NXM_NX_TUN_ID[]");
        assertRejected(() -> Action.move(Subfield.whole(OxmField.REG0), Subfield.whole(OxmField.CONJ_ID)),
                "move cannot write read-only field NXM_NX_CONJ_ID");
    }

    @Test
    void ct() {
        assertRejected(() -> Action.ct().withForce(), "ct force needs commit");
        assertRejected(() -> Action.ct().withZone(0x10000), "ct zone 65536 is outside 0..65535");
        assertRejected(() -> Action.ct().withZone(Subfield.range(OxmField.REG0, 0, 7)),
                "ct zone must come from a 16-bit subfield, got NXM_NX_REG0[0..7]");
        assertRejected(() -> Action.ct().withCommit().withExec(Action.output(1)),
                "ct may only run nat, and set_field or move into ct fields, not output:1");
        assertRejected(() -> Action.ct().withExec(Action.setField(OxmField.CT_MARK, 1)),
                "ct without commit may only run a plain nat, not set_field:0x1->ct_mark");
        assertRejected(() -> Action.ct().withNat(Nat.of(Nat.Mode.SRC)), "ct without commit may only run a plain nat");
        assertThat(Action.ct().withNat(Nat.REVERSE).toOvsText()).isEqualTo("ct(nat)");
    }

    @Test
    void nat() {
        assertRejected(() -> Nat.of(Nat.Mode.SRC, 0x0a000002L, 0x0a000001L), "nat address range ends before it starts");
        assertRejected(() -> Nat.of(Nat.Mode.SRC, 0, 0).withPorts(1, 2), "nat address maximum or ports need an address minimum");
        assertRejected(() -> Nat.of(Nat.Mode.SRC, 1, 0).withPorts(10, 9), "nat port range ends before it starts");
        assertRejected(() -> Nat.of(Nat.Mode.SRC).withHash().withRandom(), "nat cannot be both hash and random");
        assertRejected(() -> Nat.REVERSE.withPersistent(), "a range or flags need nat(src=..) or nat(dst=..)");
        // Like Open vSwitch, flags without a range are not printed.
        assertThat(Nat.of(Nat.Mode.DST).withPersistent().toOvsText()).isEqualTo("nat(dst)");
    }

    @Test
    void instructions() {
        assertRejected(() -> Instruction.gotoTable(255), "goto_table 255 is outside 0..254");
        assertRejected(() -> Instruction.applyActions(Nat.REVERSE), "nat is only allowed inside ct");
        assertRejected(() -> Instruction.writeActions(List.of(Action.setField(OxmField.CT_MARK, 1))),
                "set_field to ct_mark is only allowed inside ct");
        assertRejected(() -> Instruction.meter(-1), "meter id -1 is not a 32-bit unsigned number");
    }

    @Test
    void encodingABadListWritesNothing() {
        ByteBuf out = Unpooled.buffer().writeByte(1);
        assertRejected(() -> Actions.encode(List.of(Action.output(1), Nat.REVERSE), out), "nat is only allowed inside ct");
        assertRejected(() -> Instructions.encode(List.of(Instruction.gotoTable(1), Instruction.clearActions(),
                Instruction.gotoTable(2)), out), "two GotoTable instructions");
        List<Action> huge = java.util.Collections.nCopies(5000, (Action) Action.output(1));
        assertRejected(() -> Instructions.encode(List.of(Instruction.applyActions(huge)), out),
                "instruction of 80008 bytes exceeds the 16-bit length field");
        assertThat(out.readableBytes()).isEqualTo(1);
    }

    private static void assertRejected(Runnable r, String messagePart) {
        assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(messagePart);
    }
}
