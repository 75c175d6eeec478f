package io.appnet.openflow.netty;

import io.appnet.openflow.message.OfVersion;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the stream at message boundaries given by the 16-bit length of {@code struct ofp_header}, which
 * counts the header itself. A frame can never exceed 64 KiB, so a peer cannot make us buffer more than that
 * per message; lengths below 4 fail here, 4..7 fail in the message decoder.
 */
public final class OfFrameDecoder extends LengthFieldBasedFrameDecoder {
    private static final int LENGTH_FIELD_OFFSET = 2;
    private static final int LENGTH_FIELD_SIZE = 2;

    public OfFrameDecoder() {
        super(OfVersion.MAX_MESSAGE_LENGTH, LENGTH_FIELD_OFFSET, LENGTH_FIELD_SIZE,
                -(LENGTH_FIELD_OFFSET + LENGTH_FIELD_SIZE), 0);
    }
}
