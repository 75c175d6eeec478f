package io.appnet.controller.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.ovs.harness.LabPki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which host a peer's certificate lets it be: certificates made by scripts/pki.sh and by ovs-pki's CN form. */
class PeerIdentityTest {
    @TempDir
    static Path dir;
    private static LabPki pki;

    @BeforeAll
    static void makePki() {
        pki = LabPki.create(dir.resolve("pki"));
    }

    @Test
    void aHostCertificateNamesItsCommonName() throws Exception {
        X509Certificate h1 = certificate(pki.host("h1").certificate());

        assertThat(PeerIdentity.hostId(h1)).contains("h1");
        assertThat(PeerIdentity.refusal(Optional.of(h1), "h1")).isEmpty();
        assertThat(PeerIdentity.refusal(Optional.of(h1), "h2")).contains("its certificate names host h1, not h2");
    }

    @Test
    void ovsPkiCommonNamesNameTheHostBeforeTheirId() throws Exception {
        Path key = dir.resolve("ovs-pki-key.pem");
        Path cert = dir.resolve("ovs-pki-cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1",
                "-subj", "/C=US/O=Open vSwitch/OU=switch/CN=h7 id:4a1c39a0-1d52-4a19-9b0e-1f6a1e2b3c4d")
                .redirectErrorStream(true).start();
        assertThat(openssl.waitFor()).as(new String(openssl.getInputStream().readAllBytes())).isZero();

        assertThat(PeerIdentity.hostId(certificate(cert))).contains("h7");
        assertThat(PeerIdentity.refusal(Optional.of(certificate(cert)), "h7")).isEmpty();
    }

    @Test
    void aPeerWithoutCertificateIsOnlyPossibleOnAPlaintextSouthboundWhichTrustsIt() {
        assertThat(PeerIdentity.refusal(Optional.empty(), "h1")).isEmpty();
    }

    @Test
    void theControllersOwnCertificateNamesNoHostItCouldBe() throws Exception {
        X509Certificate controller = certificate(pki.controller().certificate());

        assertThat(PeerIdentity.refusal(Optional.of(controller), "h1"))
                .contains("its certificate names host appnet-controller, not h1");
    }

    @Test
    void engineRequiresAClientCertificateOverTls12Or13() {
        SouthboundTls tls = SouthboundTls.load(pki.controller().privateKey(), pki.controller().certificate(),
                pki.caCertificate());

        var engine = tls.get();
        assertThat(engine.getUseClientMode()).isFalse();
        assertThat(engine.getNeedClientAuth()).isTrue();
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    private static X509Certificate certificate(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
