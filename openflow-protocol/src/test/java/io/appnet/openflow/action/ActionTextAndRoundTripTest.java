package io.appnet.openflow.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The table {@link ActionOvsOracleTest} proves with ovs-ofctl, checked without it: text and round trips. */
class ActionTextAndRoundTripTest {

    static List<ActionCases.Case> cases() {
        return ActionCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formatsAsOvsOfctl(ActionCases.Case c) {
        assertThat(Instructions.toOvsText(c.instructions())).isEqualTo(c.ovsText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodeOfEncodeIsIdentity(ActionCases.Case c) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(0x5a); // bytes before the list must stay unread
        Instructions.encode(c.instructions(), buf);
        int length = buf.readableBytes() - 1;
        buf.writeByte(0xa5); // and bytes after it too
        buf.skipBytes(1);
        byte[] wire = ByteBufUtil.getBytes(buf, buf.readerIndex(), length);

        assertThat(Instructions.decode(buf, length)).isEqualTo(c.instructions());
        assertThat(buf.readableBytes()).isEqualTo(1);

        ByteBuf again = Unpooled.buffer();
        Instructions.encode(Instructions.decode(Unpooled.wrappedBuffer(wire), wire.length), again);
        assertThat(ByteBufUtil.getBytes(again)).isEqualTo(wire);
    }
}
