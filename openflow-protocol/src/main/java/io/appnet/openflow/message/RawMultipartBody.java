package io.appnet.openflow.message;

import java.util.Objects;

/**
 * A multipart body of a type this codec does not model (DESC, PORT_STATS, GROUP, METER, ...), kept as bytes so
 * decoding such a reply does not end the connection. Parts join by concatenation, as the array bodies of
 * OpenFlow multipart replies do.
 */
public record RawMultipartBody(int multipartType, Bytes body) implements MultipartRequestBody, MultipartReplyBody {
    public RawMultipartBody {
        Unsigned.u16("multipart type", multipartType);
        Objects.requireNonNull(body, "body");
    }

    @Override
    public MultipartReplyBody followedBy(MultipartReplyBody next) {
        if (!(next instanceof RawMultipartBody raw) || raw.multipartType != multipartType) {
            throw new IllegalArgumentException("multipart type " + multipartType + " followed by " + next);
        }
        byte[] joined = new byte[body.length() + raw.body.length()];
        System.arraycopy(body.toArray(), 0, joined, 0, body.length());
        System.arraycopy(raw.body.toArray(), 0, joined, body.length(), raw.body.length());
        return new RawMultipartBody(multipartType, Bytes.of(joined));
    }
}
