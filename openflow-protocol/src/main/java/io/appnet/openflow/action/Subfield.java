package io.appnet.openflow.action;

import io.appnet.openflow.match.OxmField;

/**
 * Bits {@code offset .. offset+bits-1} of a field, as NXM actions address them ({@code NXM_NX_REG0[0..15]}).
 * Widths are those of the field's NXM form ({@link OxmField#nxmBits()}).
 */
public record Subfield(OxmField field, int offset, int bits) {
    public Subfield {
        if (field == null) {
            throw new IllegalArgumentException("subfield needs a field");
        }
        if (bits < 1 || offset < 0 || offset + bits > field.nxmBits()) {
            throw new IllegalArgumentException(String.format("bits [%d..%d] do not fit the %d-bit field %s", offset,
                    offset + bits - 1, field.nxmBits(), field.nxmName()));
        }
    }

    /** Every bit of the field ({@code NAME[]}). */
    public static Subfield whole(OxmField field) {
        return new Subfield(field, 0, field == null ? 0 : field.nxmBits());
    }

    /** Bits {@code first..last}, both inclusive, as ovs-ofctl writes {@code NAME[first..last]}. */
    public static Subfield range(OxmField field, int first, int last) {
        return new Subfield(field, first, last - first + 1);
    }

    public String toOvsText() {
        String name = field.nxmName();
        if (offset == 0 && bits == field.nxmBits()) {
            return name + "[]";
        }
        if (bits == 1) {
            return name + "[" + offset + "]";
        }
        return name + "[" + offset + ".." + (offset + bits - 1) + "]";
    }
}
