package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The Cloud Foundry-compatible REST API of the built distribution, over real HTTP: served by Karaf's HTTP
 * service on loopback only, closed without a valid token, and an acknowledged write survives kill -9.
 */
class RestApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String POLICY = "{\"policies\": [{\"source\": {\"id\": \"web\"}, \"destination\": "
            + "{\"id\": \"api\", \"protocol\": \"tcp\", \"ports\": {\"start\": 8080, \"end\": 8080}}}]}";

    @Test
    void policiesThroughHttpNeedAValidTokenAndAnAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "rest")) {
            karaf.start();
            karaf.awaitPort(karaf.httpPort(), DistributionBootIT.BOOT_TIMEOUT);
            Path key = karaf.home().resolve("data/appnet/token-signing-key.pem");
            awaitHealthy(karaf);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            assertThat(listeners(karaf.httpPort())).as("HTTP listens on loopback only").isNotEmpty().allMatch(
                    address -> address.startsWith("127.0.0.1:") || address.startsWith("[::ffff:127.0.0.1]:"));

            HttpResponse<String> anonymous = send(karaf, "GET", "/networking/v1/external/policies", null, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(anonymous.body()).isEqualTo("{\"error\": \"missing authorization header\"}");

            String admin = token(signer(key), "network.admin", Instant.now().plusSeconds(3600));
            String expired = token(signer(key), "network.admin", Instant.now().minusSeconds(5));
            String forged = token(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate(), "network.admin",
                    Instant.now().plusSeconds(3600));
            for (String bad : new String[] {expired, forged}) {
                assertThat(send(karaf, "GET", "/networking/v1/external/policies", bad, null).statusCode()).isEqualTo(401);
            }

            HttpResponse<String> created = send(karaf, "POST", "/networking/v1/external/policies", admin, POLICY);
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.body()).isEqualTo("{}");
            karaf.killHard();

            karaf.start();
            karaf.awaitPort(karaf.httpPort(), DistributionBootIT.BOOT_TIMEOUT);
            awaitHealthy(karaf);
            HttpResponse<String> listed = send(karaf, "GET", "/networking/v1/external/policies", admin, null);
            assertThat(listed.body()).isEqualTo("{\"total_policies\":1,\"policies\":[{\"source\":{\"id\":\"web\"},"
                    + "\"destination\":{\"id\":\"api\",\"protocol\":\"tcp\",\"ports\":{\"start\":8080,\"end\":8080}}}]}");
        }
    }

    /** The servlet registers a moment after the HTTP port opens. */
    private static void awaitHealthy(KarafInstance karaf) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (send(karaf, "GET", "/health", null, null).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // retry
            }
            Thread.sleep(200);
        }
        throw new AssertionError("GET /health never answered 200; see " + karaf.log());
    }

    private static HttpResponse<String> send(KarafInstance karaf, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + karaf.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static PrivateKey signer(Path pem) throws Exception {
        String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
    }

    /** An RS256 JWT as UAA issues them, made with the JDK alone. */
    private static String token(PrivateKey key, String scope, Instant expires) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(("{\"sub\":\"it\",\"user_name\":\"it\",\"scope\":[\"" + scope + "\"],\"exp\":"
                + expires.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + url.encodeToString(rsa.sign());
    }

    /** Local addresses listening on the port, as ss prints them. */
    private static java.util.List<String> listeners(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor();
        return out.lines().map(line -> line.trim().split("\\s+")[3]).toList();
    }
}
