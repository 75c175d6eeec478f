package io.appnet.openflow.message;

import io.appnet.openflow.codec.ErrorCodes;

/**
 * ERROR ({@code struct ofp_error_msg}). {@code data} holds (at least the start of) the request that failed.
 * {@link ErrorCodes#describe} gives the readable form of type and code.
 */
public record ErrorMessage(int xid, int errorType, int errorCode, Bytes data) implements OfMessage {
    @Override
    public OfType type() {
        return OfType.ERROR;
    }

    /** The error by name, with the failed request decoded when the data holds all of it. */
    @Override
    public String toString() {
        return "ErrorMessage[xid=" + xid + ", " + ErrorCodes.format(this) + "]";
    }
}
