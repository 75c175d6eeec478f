package io.appnet.openflow.message;

/** What a MULTIPART_REQUEST asks for; its class decides the multipart type. */
public sealed interface MultipartRequestBody
        permits PortDescRequest, FlowStatsRequest, AggregateStatsRequest, TableStatsRequest, TableFeaturesRequest,
        RawMultipartBody {
    /** The {@code ofp_multipart_type} code. */
    int multipartType();
}
