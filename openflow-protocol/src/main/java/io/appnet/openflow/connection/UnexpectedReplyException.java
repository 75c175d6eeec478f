package io.appnet.openflow.connection;

import io.appnet.openflow.message.OfMessage;

/** The switch answered a request's xid with a message that is not a reply to that request. */
public final class UnexpectedReplyException extends RuntimeException {
    public UnexpectedReplyException(Class<? extends OfMessage> expected, OfMessage reply) {
        super("switch answered xid " + Integer.toUnsignedString(reply.xid()) + " with " + reply.type() + " where a "
                + expected.getSimpleName() + " was expected");
    }
}
