package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.OfType;
import io.appnet.openflow.message.UnparsedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class UnparsedMessageTest {
    @Test
    void flowRemovedIsKeptOpaqueAndReEncodedByteForByte() {
        // OFPT_FLOW_REMOVED header + 8 bytes of body (truncated content is the switch's business, not ours)
        byte[] wire = Bytes.ofHex("040b0010000000070000000000000001").toArray();
        UnparsedMessage message = (UnparsedMessage) OfMessageCodec.decode(Unpooled.wrappedBuffer(wire));
        assertThat(message).isEqualTo(new UnparsedMessage(7, OfType.FLOW_REMOVED, Bytes.ofHex("0000000000000001")));
        ByteBuf out = Unpooled.buffer();
        OfMessageCodec.encode(message, out);
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(wire);
    }

    @Test
    void typeCodesBeyondOpenFlow13AreStillErrors() {
        assertThatThrownBy(() -> OfMessageCodec.decode(Unpooled.wrappedBuffer(Bytes.ofHex("0463000800000009").toArray())))
                .isInstanceOf(OfDecodeException.class).hasMessage("unsupported message type 99");
    }
}
