package io.appnet.openflow.connection;

import io.appnet.openflow.codec.ErrorCodes;
import io.appnet.openflow.message.ErrorMessage;

/** The switch answered a request with an OpenFlow ERROR. */
public final class OfErrorException extends RuntimeException {
    private final transient ErrorMessage error;

    public OfErrorException(ErrorMessage error) {
        super("switch error " + ErrorCodes.describe(error));
        this.error = error;
    }

    public ErrorMessage error() {
        return error;
    }
}
