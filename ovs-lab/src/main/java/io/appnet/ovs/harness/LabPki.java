package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A southbound PKI in a directory, made by {@code scripts/pki.sh} (the same script the demo and operators use;
 * the build copies it next to this class): a CA, the controller's key and certificate, and per-host credentials
 * whose certificate's CN is the host id. Needs openssl, not root.
 */
public final class LabPki {
    private static final String SCRIPT = "pki.sh";

    private final Path dir;

    /** A key, its certificate and the CA certificate to trust (PEM files): what {@code ovs-vsctl set-ssl} takes. */
    public record Credentials(Path privateKey, Path certificate, Path caCertificate) { }

    private LabPki(Path dir) {
        this.dir = dir;
    }

    /** A CA and the controller's credentials in {@code dir} (kept if already there). */
    public static LabPki create(Path dir) {
        try {
            Files.createDirectories(dir);
            try (InputStream script = LabPki.class.getResourceAsStream(SCRIPT)) {
                if (script == null) {
                    throw new IllegalStateException(SCRIPT + " is not on the classpath next to " + LabPki.class.getName());
                }
                Files.write(dir.resolve(SCRIPT), script.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabPki pki = new LabPki(dir);
        pki.run("ca");
        pki.run("controller");
        return pki;
    }

    public Path caCertificate() {
        return dir.resolve("cacert.pem");
    }

    public Credentials controller() {
        return credentials("controller");
    }

    /** Credentials whose certificate the CA signed for {@code hostId}. */
    public Credentials host(String hostId) {
        run("host", hostId);
        return credentials(hostId);
    }

    /** Credentials whose certificate names {@code name} but is signed by itself, not by the CA. */
    public Credentials selfSigned(String name) {
        run("self-signed", name);
        return credentials(name + "-selfsigned");
    }

    /**
     * A TLS client context that presents {@code credentials} and trusts the CA: for probes that speak to a
     * controller's southbound the way a host's OVS does.
     */
    public static SSLContext clientContext(Credentials credentials) {
        try (InputStream certificate = Files.newInputStream(credentials.certificate());
             InputStream ca = Files.newInputStream(credentials.caCertificate())) {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            String pem = Files.readString(credentials.privateKey()).replaceAll("-----[A-Z ]+-----|\\s", "");
            PrivateKey key = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("host", key, new char[0], new Certificate[] {x509.generateCertificate(certificate)});
            store.setCertificateEntry("ca", x509.generateCertificate(ca));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unusable credentials " + credentials + ": " + e.getMessage(), e);
        }
    }

    private Credentials credentials(String name) {
        return new Credentials(dir.resolve(name + "-privkey.pem"), dir.resolve(name + "-cert.pem"), caCertificate());
    }

    private void run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", dir.resolve(SCRIPT).toString(), "--dir",
                dir.toString()));
        command.addAll(List.of(arguments));
        Commands.check(command);
    }
}
