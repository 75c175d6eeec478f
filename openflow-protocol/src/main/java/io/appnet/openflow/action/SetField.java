package io.appnet.openflow.action;

import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.match.OxmTlv;

/**
 * OFPAT_SET_FIELD: overwrite a whole field. OpenFlow 1.3 set_field carries no mask; Open vSwitch accepts the NXM
 * fields (tun_dst, regs, ct_mark) here too.
 *
 * @param value right-aligned, as in {@link OxmTlv}
 */
public record SetField(OxmField field, long value) implements Action {
    public SetField {
        if (field == null) {
            throw new IllegalArgumentException("set_field needs a field");
        }
        if (!FieldText.writableBySetField(field)) {
            throw new IllegalArgumentException("set_field cannot write read-only field " + field.ovsName());
        }
        if ((value & ~field.fullMask()) != 0) {
            throw new IllegalArgumentException(String.format("set_field value 0x%x does not fit the %d bits of %s",
                    value, field.bits(), field.ovsName()));
        }
    }

    /** The OXM TLV the action carries on the wire. */
    public OxmTlv tlv() {
        return OxmTlv.exact(field, value);
    }

    @Override
    public String toOvsText() {
        return "set_field:" + FieldText.value(field, value) + "->" + field.ovsName();
    }
}
