package io.appnet.controller.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * The controller's side of mutual TLS on OpenFlow and OVSDB: its own key and certificate, and the CA whose
 * certificates it accepts from hosts. Every engine it makes is a server that requires a client certificate
 * chaining to that CA, with TLS 1.2 or 1.3 only (what OVS 2.x/3.x offer). Loaded from PEM files with the JDK
 * alone, so no provider beyond the JDK's is needed.
 */
public final class SouthboundTls implements Supplier<SSLEngine> {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final X509Certificate certificate;

    private SouthboundTls(SSLContext context, X509Certificate certificate) {
        this.context = context;
        this.certificate = certificate;
    }

    /**
     * Reads the controller's PKCS#8 private key, its certificate and the CA certificate (PEM). Throws
     * {@link IllegalArgumentException} naming the file and what is wrong with it.
     */
    public static SouthboundTls load(Path privateKey, Path certificate, Path caCertificate) {
        PrivateKey key = privateKey(privateKey);
        List<X509Certificate> chain = certificates(certificate);
        List<X509Certificate> authorities = certificates(caCertificate);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("controller", key, new char[0], chain.toArray(Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
            return new SouthboundTls(context, chain.get(0));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the key " + privateKey + " does not go with the certificate "
                    + certificate + ": " + e.getMessage(), e);
        }
    }

    /** A server engine for one accepted connection: the peer must present a certificate the CA signed. */
    @Override
    public SSLEngine get() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        engine.setEnabledProtocols(PROTOCOLS);
        return engine;
    }

    /** The controller's own certificate (its subject is logged at start). */
    public X509Certificate certificate() {
        return certificate;
    }

    private static PrivateKey privateKey(Path file) {
        String pem = read(file);
        Matcher matcher = PRIVATE_KEY.matcher(pem);
        if (!matcher.find()) {
            throw new IllegalArgumentException(file + " holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----); "
                    + "convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file);
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next
            }
        }
        throw new IllegalArgumentException(file + " holds a private key that is neither RSA, EC nor Ed25519");
    }

    private static List<X509Certificate> certificates(Path file) {
        read(file); // names a missing or unreadable file first
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return certificates;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
    }
}
