package io.appnet.openflow.match;

import io.appnet.openflow.codec.OfDecodeException;
import io.netty.buffer.ByteBuf;

/**
 * One OXM TLV of a match: a field we model ({@link OxmTlv}) or one we carry through unread ({@link UnknownOxm}),
 * so a flow dumped from a switch with fields we do not model still decodes and re-encodes unchanged.
 */
public sealed interface OxmEntry permits OxmTlv, UnknownOxm {

    int oxmClass();

    int fieldNumber();

    /** Whether the TLV carries a mask (the header's {@code oxm_hasmask} bit). */
    boolean hasMask();

    /** Bytes on the wire: the 4-byte header plus payload. */
    int wireLength();

    void encode(ByteBuf out);

    /**
     * Identity for duplicate detection: class and field, plus the experimenter ID for experimenter OXMs
     * (different experimenters reuse field numbers).
     */
    long identity();

    /**
     * Reads one TLV. Known fields must have their exact length; unknown ones are kept opaque.
     *
     * @throws OfDecodeException on a truncated TLV, a length that does not fit the field, or a masked value with
     *     1-bits outside its mask
     */
    static OxmEntry decode(ByteBuf in) {
        if (in.readableBytes() < 4) {
            throw new OfDecodeException("OXM TLV truncated: " + in.readableBytes() + " bytes left, header needs 4");
        }
        int header = in.readInt();
        int oxmClass = header >>> 16;
        int fieldNumber = (header >>> 9) & 0x7f;
        boolean hasMask = (header & 0x100) != 0;
        int length = header & 0xff;
        if (length > in.readableBytes()) {
            throw new OfDecodeException(String.format("OXM class 0x%04x field %d declares %d payload bytes, only %d "
                    + "follow", oxmClass, fieldNumber, length, in.readableBytes()));
        }
        OxmField field = OxmField.byOxm(oxmClass, fieldNumber);
        if (field != null) {
            return OxmTlv.decodePayload(field, hasMask, length, in);
        }
        return UnknownOxm.decodePayload(oxmClass, fieldNumber, hasMask, length, in);
    }
}
