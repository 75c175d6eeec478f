package io.appnet.openflow.message;

/**
 * ERROR ({@code struct ofp_error_msg}). {@code data} holds (at least the start of) the request that failed.
 * {@link io.appnet.openflow.codec.ErrorCodes#describe} gives the readable form of type and code.
 */
public record ErrorMessage(int xid, int errorType, int errorCode, Bytes data) implements OfMessage {
    @Override
    public OfType type() {
        return OfType.ERROR;
    }
}
