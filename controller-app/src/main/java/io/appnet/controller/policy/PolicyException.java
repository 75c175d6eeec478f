package io.appnet.controller.policy;

/**
 * A policy request that is refused as a whole. The message is the one every front end shows, worded like
 * Cloud Foundry's policy-server (e.g. {@code missing source id}) so that its clients recognise it.
 */
public final class PolicyException extends RuntimeException {

    public PolicyException(String message) {
        super(message);
    }
}
