package io.appnet.openflow.match;

import io.appnet.openflow.codec.OfDecodeException;
import io.netty.buffer.ByteBuf;

/**
 * One OXM TLV of a field we model: the value, and a mask that is {@link OxmField#fullMask()} for an exact match.
 * Usable on its own as the payload of an OpenFlow 1.3 set_field action.
 *
 * <p>An all-ones mask is written without mask, as Open vSwitch does, so an exact match has one encoding. For
 * {@code ct_state} the mask is cut to the eight conntrack flags, as OVS stores it: OVS writes an exact
 * {@code ct_state} back as {@code value/0xff}, and a match built here must equal the one dumped from the switch.
 *
 * @param value the field's value, right-aligned (a MAC is the low 48 bits, an IPv4 address the low 32)
 * @param mask 1-bits are matched; {@code field.fullMask()} for an exact match
 */
public record OxmTlv(OxmField field, long value, long mask) implements OxmEntry {
    private static final long CT_STATE_FLAGS = 0xff;

    public OxmTlv {
        if (field == null) {
            throw new IllegalArgumentException("field is null");
        }
        if (field == OxmField.CT_STATE) {
            if ((value & ~CT_STATE_FLAGS) != 0) {
                throw new IllegalArgumentException(String.format("ct_state value 0x%x sets bits beyond the eight "
                        + "conntrack flags", value));
            }
            mask &= CT_STATE_FLAGS;
        }
        checkFits(field, value, "value");
        checkFits(field, mask, "mask");
        if (mask != field.fullMask() && !field.maskable()) {
            throw new IllegalArgumentException(field.ovsName() + " cannot be masked");
        }
        if ((value & ~mask) != 0) {
            throw new IllegalArgumentException(String.format("%s value 0x%x has 1-bits outside mask 0x%x",
                    field.ovsName(), value, mask));
        }
    }

    public static OxmTlv exact(OxmField field, long value) {
        return new OxmTlv(field, value, field == null ? 0 : field.fullMask());
    }

    public static OxmTlv masked(OxmField field, long value, long mask) {
        return new OxmTlv(field, value, mask);
    }

    /** True unless every bit of the field is matched. */
    public boolean isMasked() {
        return mask != field.fullMask();
    }

    @Override
    public int oxmClass() {
        return field.oxmClass();
    }

    @Override
    public int fieldNumber() {
        return field.fieldNumber();
    }

    @Override
    public boolean hasMask() {
        return isMasked();
    }

    @Override
    public int wireLength() {
        return 4 + (isMasked() ? 2 : 1) * field.length();
    }

    @Override
    public long identity() {
        return ((long) field.oxmClass() << 7) | field.fieldNumber();
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(field.oxmHeader(isMasked()));
        writeValue(out, value, field.length());
        if (isMasked()) {
            writeValue(out, mask, field.length());
        }
    }

    /**
     * Reads one TLV of a field we model, as in a set_field action.
     *
     * @throws OfDecodeException if the TLV is truncated, malformed, or of a field this codec does not model
     */
    public static OxmTlv decode(ByteBuf in) {
        OxmEntry entry = OxmEntry.decode(in);
        if (entry instanceof OxmTlv tlv) {
            return tlv;
        }
        throw new OfDecodeException(String.format("unsupported OXM class 0x%04x field %d", entry.oxmClass(),
                entry.fieldNumber()));
    }

    static OxmTlv decodePayload(OxmField field, boolean hasMask, int length, ByteBuf in) {
        int expected = hasMask ? 2 * field.length() : field.length();
        if (length != expected) {
            throw new OfDecodeException(String.format("OXM %s%s has payload length %d, expected %d", field.ovsName(),
                    hasMask ? " (masked)" : "", length, expected));
        }
        if (hasMask && !field.maskable()) {
            throw new OfDecodeException("OXM " + field.ovsName() + " carries a mask but the field is not maskable");
        }
        long value = readValue(in, field.length());
        long mask = hasMask ? readValue(in, field.length()) : field.fullMask();
        try {
            return new OxmTlv(field, value, mask);
        } catch (IllegalArgumentException e) {
            throw new OfDecodeException("OXM " + e.getMessage());
        }
    }

    private static void checkFits(OxmField field, long v, String what) {
        if ((v & ~field.fullMask()) != 0) {
            throw new IllegalArgumentException(String.format("%s %s 0x%x does not fit in %d bits", field.ovsName(),
                    what, v, field.bits()));
        }
    }

    private static long readValue(ByteBuf in, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | in.readUnsignedByte();
        }
        return v;
    }

    private static void writeValue(ByteBuf out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.writeByte((int) (v >>> (8 * i)));
        }
    }
}
