package io.appnet.controller.rest;

/** Checks a bearer token and says whom it belongs to. */
public interface TokenVerifier {

    /** The token's principal; throws {@link InvalidTokenException} if it is malformed, forged or expired. */
    Principal verify(String token);
}
