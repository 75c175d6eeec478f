package io.appnet.controller.rest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** An RSA key pair that signs test tokens the way UAA would. */
final class Tokens {
    private final KeyPair keys;

    Tokens() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    String token(String user, List<String> scopes, Instant expires) {
        return token(user, scopes, List.of(), expires);
    }

    /** An admin token valid from {@code notBefore} (its {@code nbf} claim) to {@code expires}. */
    String token(String user, Instant notBefore, Instant expires) {
        return sign(new JWTClaimsSet.Builder().subject("sub-" + user).claim("user_name", user)
                .claim("scope", List.of(Principal.ADMIN)).notBeforeTime(Date.from(notBefore))
                .expirationTime(Date.from(expires)).build());
    }

    /** A token whose holder may name {@code apps} in policies (appnet's stand-in for Cloud Controller's spaces). */
    String token(String user, List<String> scopes, List<String> apps, Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("sub-" + user).claim("user_name", user)
                .claim("scope", scopes).claim(Principal.APPS_CLAIM, apps).expirationTime(Date.from(expires)).build();
        return sign(claims);
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
