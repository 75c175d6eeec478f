package io.appnet.controller.programmer;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.codec.OfMessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The gateway's NAT zone flush on the wire, against what Open vSwitch reads it as. */
class ConntrackFlushTest {

    @Test
    void theFlushOfZone65280IsTheBytesOvsOfctlPrintsAsCtFlushZone() {
        ByteBuf out = Unpooled.buffer();
        try {
            OfMessageCodec.encode(NetworkProgrammer.conntrackFlush(7, 0xFF00), out);

            // `ovs-ofctl ofp-print` of these bytes: NXT_CT_FLUSH_ZONE (OF1.3) (xid=0x7): zone_id=65280
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo("040400180000000700002320" + "0000001d" + "000000000000ff00");
        } finally {
            out.release();
        }
    }
}
