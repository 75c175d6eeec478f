package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * REST over HTTPS (issue 11), exactly as docs/security.md tells an operator to turn it on: a keystore made with the
 * JDK's keytool in {@code etc/}, Pax Web's secure connector on and its plain one off in
 * {@code etc/org.ops4j.pax.web.cfg}. The real distribution then serves the API over TLS only: a client that trusts
 * the exported certificate gets answers (with a token, as over HTTP), one that does not is refused in the
 * handshake, and nothing listens on the HTTP port.
 */
class RestHttpsIT {
    private static final String PAX_WEB = "etc/org.ops4j.pax.web.cfg";
    private static final String STORE_PASSWORD = "it-" + Long.toHexString(System.nanoTime());
    private static final String POLICY = "{\"policies\": [{\"source\": {\"id\": \"web\"}, \"destination\": "
            + "{\"id\": \"api\", \"protocol\": \"tcp\", \"ports\": {\"start\": 8080, \"end\": 8080}}}]}";

    @Test
    void theApiIsServedOverHttpsOnlyWithTheConfiguredCertificate() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "https")) {
            int httpsPort = freePort();
            // the documented commands: a key pair for the API's address, then its certificate for clients
            keytool(karaf, "-genkeypair", "-alias", "appnet-rest", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "825", "-storetype", "PKCS12",
                    "-keystore", "etc/rest-https.p12", "-storepass", STORE_PASSWORD);
            keytool(karaf, "-exportcert", "-rfc", "-alias", "appnet-rest", "-keystore", "etc/rest-https.p12",
                    "-storepass", STORE_PASSWORD, "-file", "rest-https.pem");
            karaf.configureAdding(PAX_WEB, "org.osgi.service.http.enabled", "false");
            karaf.configureAdding(PAX_WEB, "org.osgi.service.http.secure.enabled", "true");
            karaf.configureAdding(PAX_WEB, "org.osgi.service.http.port.secure", String.valueOf(httpsPort));
            karaf.configureAdding(PAX_WEB, "org.ops4j.pax.web.ssl.keystore", "${karaf.etc}/rest-https.p12");
            karaf.configureAdding(PAX_WEB, "org.ops4j.pax.web.ssl.keystore.type", "PKCS12");
            karaf.configureAdding(PAX_WEB, "org.ops4j.pax.web.ssl.keystore.password", STORE_PASSWORD);
            karaf.configureAdding(PAX_WEB, "org.ops4j.pax.web.ssl.key.password", STORE_PASSWORD);

            karaf.start();
            karaf.awaitPort(httpsPort, DistributionBootIT.BOOT_TIMEOUT);
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(karaf.home().resolve("rest-https.pem")))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String base = "https://127.0.0.1:" + httpsPort;
            awaitHealthy(trusting, base);

            String admin = new ApiClient(karaf).adminToken();
            HttpResponse<String> created = trusting.send(request(base + "/networking/v1/external/policies", admin,
                    POLICY), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            assertThat(created.sslSession()).as("answered over TLS").isPresent();
            assertThat(created.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            HttpResponse<String> listed = trusting.send(request(base + "/networking/v1/external/policies", admin,
                    null), HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body()).contains("\"total_policies\":1", "\"id\":\"web\"", "\"id\":\"api\"");
            assertThat(trusting.send(request(base + "/networking/v1/external/policies", null, null),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("no token").isEqualTo(401);

            HttpClient defaultTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> defaultTrust.send(request(base + "/health", null, null),
                    HttpResponse.BodyHandlers.ofString())).as("a client that does not trust the certificate")
                    .isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> defaultTrust.send(request("http://127.0.0.1:" + httpsPort + "/health", null,
                    null), HttpResponse.BodyHandlers.ofString())).as("plain HTTP to the HTTPS port")
                    .isInstanceOf(IOException.class);
            assertThat(accepts(karaf.httpPort())).as("the plain HTTP connector is off").isFalse();
            assertThat(karaf.logLines()).filteredOn(l -> l.contains("| ERROR |")).isEmpty();
        }
    }

    private static HttpRequest request(String uri, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.POST(HttpRequest.BodyPublishers.ofString(body));
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    /** An SSL context that trusts only the certificate in {@code pem} (as {@code curl --cacert} would). */
    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("appnet-rest", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** The servlet registers a moment after the port opens. */
    private static void awaitHealthy(HttpClient client, String base) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (client.send(request(base + "/health", null, null), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // retry
            }
            Thread.sleep(200);
        }
        throw new AssertionError("GET " + base + "/health never answered 200");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            return false;
        }
    }

    /** The JDK's keytool (of the Java that runs Karaf), run in the distribution's directory. */
    private static void keytool(KarafInstance karaf, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaForKaraf.home().resolve("bin/keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(karaf.home().toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finishes").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
