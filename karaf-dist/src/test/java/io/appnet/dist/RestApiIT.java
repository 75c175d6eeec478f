package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The Cloud Foundry-compatible REST API of the built distribution, over real HTTP: served by Karaf's HTTP
 * service on loopback only, closed without a valid token, and an acknowledged write survives kill -9.
 */
class RestApiIT {
    private static final String POLICY = "{\"policies\": [{\"source\": {\"id\": \"web\"}, \"destination\": "
            + "{\"id\": \"api\", \"protocol\": \"tcp\", \"ports\": {\"start\": 8080, \"end\": 8080}}}]}";

    @Test
    void policiesThroughHttpNeedAValidTokenAndAnAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "rest")) {
            karaf.start();
            karaf.awaitPort(karaf.httpPort(), DistributionBootIT.BOOT_TIMEOUT);
            ApiClient api = new ApiClient(karaf);
            Path key = api.signingKey();
            api.awaitHealthy();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            assertThat(listeners(karaf.httpPort())).as("HTTP listens on loopback only").isNotEmpty().allMatch(
                    address -> address.startsWith("127.0.0.1:") || address.startsWith("[::ffff:127.0.0.1]:"));

            HttpResponse<String> anonymous = api.send("GET", "/networking/v1/external/policies", null, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(anonymous.body()).isEqualTo("{\"error\": \"missing authorization header\"}");

            String admin = api.adminToken();
            String expired = ApiClient.token(ApiClient.signer(key), "network.admin", Instant.now().minusSeconds(5));
            String forged = ApiClient.token(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate(), "network.admin",
                    Instant.now().plusSeconds(3600));
            for (String bad : new String[] {expired, forged}) {
                assertThat(api.send("GET", "/networking/v1/external/policies", bad, null).statusCode()).isEqualTo(401);
            }

            HttpResponse<String> created = api.send("POST", "/networking/v1/external/policies", admin, POLICY);
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.body()).isEqualTo("{}");
            karaf.killHard();

            karaf.start();
            karaf.awaitPort(karaf.httpPort(), DistributionBootIT.BOOT_TIMEOUT);
            api.awaitHealthy();
            HttpResponse<String> listed = api.send("GET", "/networking/v1/external/policies", admin, null);
            assertThat(listed.body()).isEqualTo("{\"total_policies\":1,\"policies\":[{\"source\":{\"id\":\"web\"},"
                    + "\"destination\":{\"id\":\"api\",\"protocol\":\"tcp\",\"ports\":{\"start\":8080,\"end\":8080}}}]}");
        }
    }

    /** Local addresses listening on the port, as ss prints them. */
    private static java.util.List<String> listeners(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor();
        return out.lines().map(line -> line.trim().split("\\s+")[3]).toList();
    }
}
