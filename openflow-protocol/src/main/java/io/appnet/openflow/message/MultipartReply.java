package io.appnet.openflow.message;

import java.util.List;
import java.util.Objects;

/**
 * MULTIPART_REPLY ({@code struct ofp_multipart_reply}). A switch may answer one request with several parts of the
 * request's xid, each but the last with {@code more} ({@code OFPMPF_REPLY_MORE}) set: gather them while
 * {@link #isLastPart} is false, then {@link #combine} them into one body.
 */
public record MultipartReply(int xid, boolean more, MultipartReplyBody body) implements OfMessage {
    public MultipartReply {
        Objects.requireNonNull(body, "body");
    }

    /** A single-part reply. */
    public static MultipartReply of(int xid, MultipartReplyBody body) {
        return new MultipartReply(xid, false, body);
    }

    /** True unless {@code message} is a multipart reply with more parts to come (so an ERROR ends it too). */
    public static boolean isLastPart(OfMessage message) {
        return !(message instanceof MultipartReply reply) || !reply.more;
    }

    /**
     * The body of a reply that came in {@code parts}, in order: lists of flows, ports or tables concatenated.
     *
     * @throws IllegalArgumentException if a part is not a multipart reply, the parts are of different types, or
     *     a part other than the last has {@code more} clear, or the last has it set
     */
    public static MultipartReplyBody combine(List<? extends OfMessage> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no multipart reply parts");
        }
        MultipartReplyBody body = null;
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof MultipartReply reply)) {
                throw new IllegalArgumentException("part " + i + " is not a multipart reply: " + parts.get(i));
            }
            if (reply.more != (i < parts.size() - 1)) {
                throw new IllegalArgumentException("part " + i + " of " + parts.size() + " has more=" + reply.more);
            }
            body = body == null ? reply.body : body.followedBy(reply.body);
        }
        return body;
    }

    @Override
    public OfType type() {
        return OfType.MULTIPART_REPLY;
    }
}
