package io.appnet.openflow.message;

import java.util.Objects;

/**
 * MULTIPART_REQUEST ({@code struct ofp_multipart_request}): the body's class gives the multipart type;
 * {@code more} is {@code OFPMPF_REQ_MORE} (more request parts follow).
 */
public record MultipartRequest(int xid, boolean more, MultipartRequestBody body) implements OfMessage {
    public MultipartRequest {
        Objects.requireNonNull(body, "body");
    }

    /** A single-part request. */
    public static MultipartRequest of(int xid, MultipartRequestBody body) {
        return new MultipartRequest(xid, false, body);
    }

    @Override
    public OfType type() {
        return OfType.MULTIPART_REQUEST;
    }
}
