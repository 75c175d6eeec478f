package io.appnet.openflow.message;

/** Wire constants shared by every message. */
public final class OfVersion {
    /** OpenFlow 1.3, the only version this controller speaks. */
    public static final byte OF13 = 0x04;
    /** Size of {@code struct ofp_header}. */
    public static final int HEADER_LENGTH = 8;
    /** The header's length field is 16 bits, so no message is longer. */
    public static final int MAX_MESSAGE_LENGTH = 0xffff;

    private OfVersion() {
    }
}
