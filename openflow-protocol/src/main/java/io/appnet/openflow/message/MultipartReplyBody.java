package io.appnet.openflow.message;

/**
 * What one MULTIPART_REPLY carries; its class decides the multipart type. A reply may span several messages:
 * {@link #followedBy} joins the bodies of consecutive parts.
 */
public sealed interface MultipartReplyBody
        permits PortDescReply, FlowStatsReply, AggregateStatsReply, TableStatsReply, TableFeaturesReply,
        RawMultipartBody {
    /** The {@code ofp_multipart_type} code. */
    int multipartType();

    /**
     * This body with {@code next} (the body of the following part) appended.
     *
     * @throws IllegalArgumentException if {@code next} is of another type, or this type does not span parts
     */
    MultipartReplyBody followedBy(MultipartReplyBody next);
}
