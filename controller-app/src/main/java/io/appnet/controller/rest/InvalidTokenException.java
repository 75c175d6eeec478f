package io.appnet.controller.rest;

/** A bearer token that does not verify: malformed, signed by an unknown key, or expired. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message);
    }
}
