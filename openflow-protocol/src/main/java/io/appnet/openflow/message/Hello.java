package io.appnet.openflow.message;

/**
 * HELLO, with the versions the sender supports (the {@code OFPHET_VERSIONBITMAP} element). A peer that sends
 * no bitmap supports every version up to its header version: {@link #supports} answers for both cases.
 *
 * @param headerVersion the version byte of the header
 * @param versionBitmap bit n set means wire version n is supported; 0 when the HELLO carried no bitmap
 */
public record Hello(int xid, int headerVersion, long versionBitmap) implements OfMessage {

    /** The HELLO this controller sends: header version 1.3, bitmap {1.3}. */
    public static Hello of13(int xid) {
        return new Hello(xid, OfVersion.OF13, 1L << OfVersion.OF13);
    }

    public boolean supports(int version) {
        if (versionBitmap != 0) {
            return version < 64 && (versionBitmap & (1L << version)) != 0;
        }
        return version <= headerVersion;
    }

    @Override
    public OfType type() {
        return OfType.HELLO;
    }
}
