package io.appnet.openflow.match;

import io.appnet.openflow.codec.OfDecodeException;
import io.appnet.openflow.message.Bytes;
import io.netty.buffer.ByteBuf;

/**
 * An OXM TLV of a field this codec does not model, kept byte for byte so it re-encodes unchanged.
 *
 * @param payload everything after the 4-byte header (for the experimenter class, starting with the 32-bit
 *     experimenter ID)
 */
public record UnknownOxm(int oxmClass, int fieldNumber, boolean hasMask, Bytes payload) implements OxmEntry {

    public UnknownOxm {
        if (oxmClass < 0 || oxmClass > 0xffff || fieldNumber < 0 || fieldNumber > 0x7f) {
            throw new IllegalArgumentException("OXM class " + oxmClass + " field " + fieldNumber + " out of range");
        }
        if (payload == null || payload.length() > 0xff) {
            throw new IllegalArgumentException("OXM payload must be 0..255 bytes");
        }
        if (oxmClass == OxmClass.EXPERIMENTER && payload.length() < 4) {
            throw new IllegalArgumentException("experimenter OXM payload must start with a 4-byte experimenter ID");
        }
    }

    @Override
    public int wireLength() {
        return 4 + payload.length();
    }

    @Override
    public long identity() {
        long id = ((long) oxmClass << 7) | fieldNumber;
        if (oxmClass == OxmClass.EXPERIMENTER) {
            id |= experimenterId() << 23;
        }
        return id;
    }

    /** The experimenter ID of an experimenter-class OXM. */
    public long experimenterId() {
        byte[] b = payload.toArray();
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt((oxmClass << 16) | (fieldNumber << 9) | (hasMask ? 0x100 : 0) | payload.length());
        out.writeBytes(payload.toArray());
    }

    static UnknownOxm decodePayload(int oxmClass, int fieldNumber, boolean hasMask, int length, ByteBuf in) {
        int valueBytes = length;
        if (oxmClass == OxmClass.EXPERIMENTER) {
            if (length < 4) {
                throw new OfDecodeException(String.format("experimenter OXM field %d has length %d, below the 4 "
                        + "bytes of its experimenter ID", fieldNumber, length));
            }
            valueBytes -= 4;
        }
        if (hasMask && valueBytes % 2 != 0) {
            throw new OfDecodeException(String.format("masked OXM class 0x%04x field %d has odd value+mask length "
                    + "%d", oxmClass, fieldNumber, valueBytes));
        }
        byte[] payload = new byte[length];
        in.readBytes(payload);
        return new UnknownOxm(oxmClass, fieldNumber, hasMask, Bytes.of(payload));
    }
}
