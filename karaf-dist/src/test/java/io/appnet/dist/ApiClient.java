package io.appnet.dist;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** HTTP to a distribution's REST API, with RS256 tokens made by the JDK alone (as an operator's client would). */
final class ApiClient {
    private static final HttpClient SHARED = HttpClient.newHttpClient();
    private final KarafInstance karaf;
    private final HttpClient http;

    ApiClient(KarafInstance karaf) {
        this(karaf, SHARED);
    }

    /** With a client of the caller's choosing (HTTP version, connection handling). */
    ApiClient(KarafInstance karaf, HttpClient http) {
        this.karaf = karaf;
        this.http = http;
    }

    /** The controller's own signing key, which it generated on first start. */
    Path signingKey() {
        return karaf.home().resolve("data/appnet/token-signing-key.pem");
    }

    HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return http.send(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
    }

    /** As {@link #send}, without waiting for the answer. */
    CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String token, String body) {
        return http.sendAsync(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + karaf.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    /** The servlet registers a moment after the HTTP port opens. */
    void awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (send("GET", "/health", null, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // retry
            }
            Thread.sleep(200);
        }
        throw new AssertionError("GET /health never answered 200; see " + karaf.log());
    }

    String adminToken() throws Exception {
        return token(signer(signingKey()), "network.admin", Instant.now().plusSeconds(3600));
    }

    static PrivateKey signer(Path pem) throws Exception {
        String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
    }

    /** An RS256 JWT as UAA issues them. */
    static String token(PrivateKey key, String scope, Instant expires) throws Exception {
        return token(key, scope, List.of(), expires);
    }

    /** As UAA's, plus the apps a non-admin may name in policies (appnet's {@code appnet_apps} claim). */
    static String token(PrivateKey key, String scope, List<String> apps, Instant expires) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String appList = apps.stream().map(app -> "\"" + app + "\"").collect(java.util.stream.Collectors.joining(","));
        String claims = url.encodeToString(("{\"sub\":\"it\",\"user_name\":\"it\",\"scope\":[\"" + scope
                + "\"],\"appnet_apps\":[" + appList + "],\"exp\":" + expires.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + url.encodeToString(rsa.sign());
    }
}
