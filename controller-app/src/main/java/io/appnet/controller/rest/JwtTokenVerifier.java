package io.appnet.controller.rest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies RS256 JWTs like the ones UAA issues: the signature against any of the configured public keys, then
 * {@code exp} (required, must lie ahead) and {@code nbf} (if present). Scopes come from the {@code scope}
 * claim, the apps a non-admin may name from {@code appnet_apps} (each a list, or a space-separated string).
 * A token whose signature verified is remembered ({@link VerifiedTokens}), so its next uses cost a map look-up
 * and the time checks; the keys are fixed for the verifier's life (a change of keys makes a new verifier).
 */
public final class JwtTokenVerifier implements TokenVerifier {
    /** Tokens kept verified: far more than the clients that talk to one controller at a time. */
    static final int VERIFIED_TOKENS = 1_024;

    private final List<RSASSAVerifier> verifiers;
    private final Clock clock;
    private final VerifiedTokens verified = new VerifiedTokens(VERIFIED_TOKENS);

    public JwtTokenVerifier(List<RSAPublicKey> keys, Clock clock) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one token verification key is needed");
        }
        this.verifiers = keys.stream().map(RSASSAVerifier::new).toList();
        this.clock = clock;
    }

    @Override
    public Principal verify(String token) {
        Instant now = clock.instant();
        Optional<VerifiedTokens.Verified> known = verified.lookUp(token, now);
        VerifiedTokens.Verified checked = known.orElseGet(() -> checkSignature(token));
        if (!checked.expires().isAfter(now)) {
            throw new InvalidTokenException("token expired at " + checked.expires());
        }
        if (checked.notBefore().isPresent() && checked.notBefore().get().isAfter(now)) {
            throw new InvalidTokenException("token is not valid before " + checked.notBefore().get());
        }
        if (known.isEmpty()) {
            verified.remember(token, checked);
        }
        return checked.principal();
    }

    /** Parses the token and checks its algorithm and signature; its times are the caller's to check. */
    private VerifiedTokens.Verified checkSignature(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException malformed) {
            throw new InvalidTokenException("malformed token: " + malformed.getMessage());
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("token algorithm " + jwt.getHeader().getAlgorithm() + " is not RS256");
        }
        if (!signedByAKnownKey(jwt)) {
            throw new InvalidTokenException("token signature does not verify with any configured key");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new InvalidTokenException("token has no expiry");
        }
        Principal principal = new Principal(String.valueOf(claims.getSubject()), stringClaim(claims, "user_name"),
                words(claims, "scope"), words(claims, Principal.APPS_CLAIM));
        return new VerifiedTokens.Verified(principal, expires.toInstant(),
                Optional.ofNullable(claims.getNotBeforeTime()).map(Date::toInstant));
    }

    private boolean signedByAKnownKey(SignedJWT jwt) {
        for (RSASSAVerifier verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException unusable) {
                // try the next key
            }
        }
        return false;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String text ? text : "";
    }

    /** A claim that is a list of strings or one space-separated string (scopes are either in UAA's tokens). */
    private static Set<String> words(JWTClaimsSet claims, String name) {
        Object scope = claims.getClaim(name);
        Set<String> scopes = new HashSet<>();
        if (scope instanceof String text) {
            scopes.addAll(List.of(text.trim().split("\\s+")));
        } else if (scope instanceof List<?> list) {
            list.forEach(item -> scopes.add(String.valueOf(item)));
        }
        scopes.remove("");
        return scopes;
    }
}
