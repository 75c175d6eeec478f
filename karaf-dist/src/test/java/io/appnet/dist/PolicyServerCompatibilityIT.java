package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cloud Foundry policy-server's external API behaviours, one test each, over HTTP against the built
 * distribution (quota set to 2 in etc/io.appnet.rest.cfg for the quota test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyServerCompatibilityIT {
    private static final String POLICIES = "/networking/v1/external/policies";
    private KarafInstance karaf;
    private ApiClient api;
    private String admin;
    private String writer;

    @BeforeAll
    void start() throws Exception {
        karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "cf-api");
        karaf.configure("etc/io.appnet.rest.cfg", "quota", "2");
        karaf.start();
        karaf.awaitPort(karaf.httpPort(), DistributionBootIT.BOOT_TIMEOUT);
        api = new ApiClient(karaf);
        api.awaitHealthy();
        admin = api.adminToken();
        writer = ApiClient.token(ApiClient.signer(api.signingKey()), "network.write", List.of("web", "api"),
                Instant.now().plusSeconds(3600));
    }

    @AfterAll
    void stop() {
        if (karaf != null) {
            karaf.close();
        }
    }

    @AfterEach
    void deleteEverything() throws Exception {
        String listed = api.send("GET", POLICIES, admin, null).body();
        String policies = listed.substring(listed.indexOf("\"policies\":") + "\"policies\":".length(), listed.length() - 1);
        if (!policies.equals("[]")) {
            assertThat(api.send("POST", POLICIES + "/delete", admin, "{\"policies\":" + policies + "}").statusCode())
                    .isEqualTo(200);
        }
    }

    private static String policy(String source, String destination, String protocol, int start, int end) {
        return "{\"source\": {\"id\": \"" + source + "\"}, \"destination\": {\"id\": \"" + destination
                + "\", \"protocol\": \"" + protocol + "\", \"ports\": {\"start\": " + start + ", \"end\": " + end + "}}}";
    }

    private static String body(String... policies) {
        return "{\"policies\": [" + String.join(", ", policies) + "]}";
    }

    private HttpResponse<String> create(String token, String... policies) throws Exception {
        return api.send("POST", POLICIES, token, body(policies));
    }

    private int total(String query) throws Exception {
        String listed = api.send("GET", POLICIES + query, admin, null).body();
        return Integer.parseInt(listed.replaceAll("^\\{\"total_policies\":(\\d+),.*", "$1"));
    }

    @Test
    void filters() throws Exception {
        create(admin, policy("a", "b", "tcp", 1, 1), policy("b", "c", "tcp", 2, 2), policy("c", "a", "udp", 3, 3));

        assertThat(total("")).isEqualTo(3);
        assertThat(total("?id=a")).isEqualTo(2);
        assertThat(total("?id=a,b&source_id=c")).as("id wins").isEqualTo(3);
        assertThat(total("?source_id=b")).isEqualTo(1);
        assertThat(total("?dest_id=a,b")).isEqualTo(2);
        assertThat(total("?source_id=a,b&dest_id=c")).as("source and destination: both").isEqualTo(1);
    }

    @Test
    void creatingADuplicateIsANoOp() throws Exception {
        assertThat(create(admin, policy("web", "api", "tcp", 8080, 8080)).body()).isEqualTo("{}");
        HttpResponse<String> again = create(admin, policy("web", "api", "tcp", 8080, 8080));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{}");
        assertThat(total("")).isEqualTo(1);
    }

    @Test
    void deletingIsIdempotentAndMatchesProtocolAndRangeExactly() throws Exception {
        create(admin, policy("web", "api", "tcp", 8080, 8090));
        for (String other : new String[] {policy("web", "api", "tcp", 8080, 8080), policy("web", "api", "udp", 8080, 8090)}) {
            HttpResponse<String> deleted = api.send("POST", POLICIES + "/delete", admin, body(other));
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(deleted.body()).isEqualTo("{}");
        }
        assertThat(total("")).isEqualTo(1);
        api.send("POST", POLICIES + "/delete", admin, body(policy("web", "api", "tcp", 8080, 8090)));
        assertThat(api.send("POST", POLICIES + "/delete", admin, body(policy("web", "api", "tcp", 8080, 8090)))
                .statusCode()).as("again: a no-op").isEqualTo(200);
        assertThat(total("")).isZero();
    }

    @Test
    void everyValidationMessage() throws Exception {
        assertError(api.send("POST", POLICIES, admin, "{\"policies\": []}"), 400,
                "mapper: validate policies: missing policies");
        String[][] cases = {
            {"{\"destination\": {\"id\": \"b\", \"protocol\": \"tcp\", \"ports\": {\"start\": 1, \"end\": 1}}}",
                "missing source id"},
            {"{\"source\": {\"id\": \"a\"}, \"destination\": {\"protocol\": \"tcp\"}}", "missing destination id"},
            {policy("a", "b", "sctp", 1, 1), "invalid destination protocol, specify either udp or tcp"},
            {policy("a", "b", "tcp", 90, 80), "invalid port range 90-80, start must be less than or equal to end"},
            {policy("a", "b", "tcp", 0, 10), "invalid start port 0, must be in range 1-65535"},
            {policy("a", "b", "tcp", -1, 10), "invalid start port -1, must be in range 1-65535"},
            {"{\"source\": {\"id\": \"a\"}, \"destination\": {\"id\": \"b\", \"protocol\": \"tcp\"}}", "missing start port"},
            {policy("a", "b", "udp", 1, 65536), "invalid end port 65536, must be in range 1-65535"},
            {"{\"source\": {\"id\": \"a\", \"tag\": \"0001\"}, \"destination\": {\"id\": \"b\", \"protocol\": \"tcp\","
                + " \"ports\": {\"start\": 1, \"end\": 1}}}", "tags may not be specified"},
        };
        for (String[] refused : cases) {
            assertError(create(admin, refused[0]), 400, "mapper: validate policies: " + refused[1]);
        }
        HttpResponse<String> badJson = api.send("POST", POLICIES, admin, "{\"policies\": [");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).startsWith("{\"error\": \"mapper: unmarshal json: ");
        assertThat(total("")).isZero();
    }

    @Test
    void unauthenticatedForbiddenAndUnknownVersion() throws Exception {
        HttpResponse<String> anonymous = api.send("GET", POLICIES, null, null);
        assertError(anonymous, 401, "missing authorization header");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        String reader = ApiClient.token(ApiClient.signer(api.signingKey()), "cloud_controller.read",
                Instant.now().plusSeconds(3600));
        assertError(api.send("GET", POLICIES, reader, null), 403,
                "provided scopes [cloud_controller.read] do not include allowed scopes [network.admin network.write]");
        assertError(api.send("GET", "/networking/v9/external/policies", admin, null), 406,
                "api version 'v9' not supported");
    }

    @Test
    void aWriteTokenTouchesOnlyPoliciesBetweenItsOwnAppsAndSeesNoTopology() throws Exception {
        assertError(create(writer, policy("web", "db", "tcp", 1, 1)), 403,
                "one or more applications cannot be found or accessed");
        assertError(api.send("GET", "/appnet/v1/hosts", writer, null), 403,
                "provided scopes [network.write] do not include allowed scopes [network.admin]");
        assertThat(total("")).isZero();
    }

    /** Raw HTTP: java.net.URI refuses to even build such a request. */
    @Test
    void aMalformedPercentEscapeIs400NamingTheParameter() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", karaf.httpPort())) {
            socket.getOutputStream().write(("GET " + POLICIES + "?id=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + admin + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400 ")
                    .contains("{\"error\": \"invalid query parameter 'id': malformed % escape\"}");
        }
    }

    @Test
    void nonAdminsAreHeldToTheQuota() throws Exception {
        assertThat(create(writer, policy("web", "api", "tcp", 1, 1), policy("web", "api", "tcp", 2, 2)).statusCode())
                .isEqualTo(200);
        assertError(create(writer, policy("web", "api", "tcp", 3, 3)), 403, "policy quota exceeded");
        assertThat(create(admin, policy("web", "api", "tcp", 3, 3)).statusCode()).as("admins are not").isEqualTo(200);
    }

    @Test
    void aBodyOverTenMegabytesIsRefused() throws Exception {
        String padding = " ".repeat(11 << 20);
        assertError(api.send("POST", POLICIES, admin, body(policy("web", "api", "tcp", 1, 1)) + padding), 400,
                "failed reading request body");
        assertThat(total("")).isZero();
    }

    @Test
    void aBatchWithOneBadPolicyChangesNothing() throws Exception {
        assertThat(create(admin, policy("web", "api", "tcp", 80, 80), policy("web", "db", "tcp", 90, 80)).statusCode())
                .isEqualTo(400);
        assertThat(total("")).isZero();
    }

    private static void assertError(HttpResponse<String> response, int status, String description) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo("{\"error\": \"" + description + "\"}");
    }
}
