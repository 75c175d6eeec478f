package io.appnet.openflow.message;

import io.appnet.openflow.match.OxmField;
import java.util.Optional;

/**
 * An OXM header without a value, as table features list the fields a table matches, masks or sets
 * ({@code uint32 class:16, field:7, hasmask:1, length:8}; class {@code 0xffff} adds a 32-bit experimenter ID).
 */
public record OxmId(int oxmClass, int field, boolean hasMask, int length, long experimenter) {

    /** The experimenter OXM class: its header is followed by a 32-bit experimenter ID. */
    public static final int EXPERIMENTER_CLASS = 0xFFFF;

    public OxmId {
        if (oxmClass < 0 || oxmClass > 0xFFFF || field < 0 || field > 0x7F || length < 0 || length > 0xFF) {
            throw new IllegalArgumentException("bad OXM header class=" + oxmClass + " field=" + field + " length="
                    + length);
        }
        if (oxmClass != EXPERIMENTER_CLASS && experimenter != 0) {
            throw new IllegalArgumentException("only the experimenter class 0xffff has an experimenter ID");
        }
    }

    /** The header of a field appnet knows, unmasked. */
    public static OxmId of(OxmField field) {
        return new OxmId(field.oxmClass(), field.fieldNumber(), false, field.length(), 0);
    }

    /** The field, if it is one appnet knows (OpenFlow basic or Nicira NXM_0/NXM_1 classes). */
    public Optional<OxmField> known() {
        return Optional.ofNullable(OxmField.byOxm(oxmClass, field));
    }

    /** Bytes on the wire: 4, or 8 with an experimenter ID. */
    public int wireLength() {
        return oxmClass == EXPERIMENTER_CLASS ? 8 : 4;
    }
}
