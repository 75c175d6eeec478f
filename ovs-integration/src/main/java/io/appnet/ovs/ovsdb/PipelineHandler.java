package io.appnet.ovs.ovsdb;

/** Names of the handlers in an OVSDB session's channel pipeline, in order. */
enum PipelineHandler {
    TLS,
    FRAME_DECODER,
    JSON_RPC_DECODER,
    JSON_RPC_ENCODER,
    IDLE_STATE,
    SESSION
}
