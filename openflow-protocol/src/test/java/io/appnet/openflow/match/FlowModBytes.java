package io.appnet.openflow.match;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Locale;

/** Test-only: wraps a match in a minimal OpenFlow 1.3 OFPT_FLOW_MOD (ADD, no instructions) for ofp-print. */
final class FlowModBytes {
    private FlowModBytes() {
    }

    static String flowModHex(Match match) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(4);              // OF 1.3
        out.writeByte(14);             // OFPT_FLOW_MOD
        out.writeShort(0);             // length, patched below
        out.writeInt(1);               // xid
        out.writeLong(0);              // cookie
        out.writeLong(0);              // cookie_mask
        out.writeByte(0);              // table_id
        out.writeByte(0);              // OFPFC_ADD
        out.writeShort(0);             // idle_timeout
        out.writeShort(0);             // hard_timeout
        out.writeShort(0x8000);        // OFP_DEFAULT_PRIORITY: ofp-print then omits priority
        out.writeInt(0xffffffff);      // buffer_id: none
        out.writeInt(0xffffffff);      // out_port: any
        out.writeInt(0xffffffff);      // out_group: any
        out.writeShort(0);             // flags
        out.writeZero(2);
        match.encode(out);
        out.setShort(2, out.readableBytes());
        return ByteBufUtil.hexDump(out);
    }

    /** The OXM text ovs-ofctl parse-oxm reads, e.g. {@code OXM_OF_TCP_DST_W(0050/fff0), NXM_NX_REG0(00000005)}. */
    static String oxmText(Match match) {
        StringBuilder s = new StringBuilder();
        for (OxmEntry e : match.entries()) {
            OxmTlv tlv = (OxmTlv) e;
            OxmField f = tlv.field();
            String name = f.oxmClass() == OxmClass.OPENFLOW_BASIC ? "OXM_OF_" + f.name() : f.nxmName();
            String digits = "%0" + (2 * f.length()) + "x";
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(name);
            if (tlv.isMasked()) {
                s.append("_W(").append(String.format(Locale.ROOT, digits, tlv.value())).append('/')
                        .append(String.format(Locale.ROOT, digits, tlv.mask())).append(')');
            } else {
                s.append('(').append(String.format(Locale.ROOT, digits, tlv.value())).append(')');
            }
        }
        return s.toString();
    }
}
