package io.appnet.controller.karaf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The keys that sign and verify API tokens, as PEM files. The controller's own signing key is made on first
 * use, readable by its owner only, so that no credential ships with the distribution.
 */
final class TokenKeys {
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private TokenKeys() {
    }

    /**
     * The public half of the signing key at {@code file}, creating the key pair (0600) if there is none. An existing
     * key that other users may read is refused: anyone who can read it can mint admin tokens.
     */
    static RSAPublicKey signingKey(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
            if (!permissions.substring(3).equals("------")) {
                throw new IllegalArgumentException("token signing key " + file + " is open to other users ("
                        + permissions + "); anyone who reads it can mint tokens: chmod 600 " + file);
            }
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(file), PRIVATE, file)));
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (IOException e) {
            throw new UncheckedIOException("token signing key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("token signing key " + file + " is not an RSA private key", e);
        }
    }

    /** An RSA public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}). */
    static RSAPublicKey publicKey(Path file) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(pem(Files.readString(file), PUBLIC, file)));
        } catch (IOException e) {
            throw new UncheckedIOException("token key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("token key " + file + " is not an RSA public key", e);
        }
    }

    private static void create(Path file) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
        Files.createDirectories(file.getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "-----BEGIN " + PRIVATE + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encoded)
                + "\n-----END " + PRIVATE + "-----\n", StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static byte[] pem(String text, String type, Path file) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(file + " has no " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
