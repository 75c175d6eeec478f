package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.OfflineModels;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoreUnavailableException;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy-server's external API behaviours, one test each, with tokens signed like UAA's. */
class PolicyServerApiTest {
    private static final String BASE = "/networking/v1/external";
    private final Tokens uaa = new Tokens();
    private final FailingStore store = new FailingStore();
    private final NetworkModel network = OfflineModels.empty(store);
    private final PolicyService policies = new PolicyService(network);
    private final PolicyServerApi api = new PolicyServerApi(policies,
            new EgressService(network, new PolicyIds(network.network()), StoredState.empty()), network::network,
            new JwtTokenVerifier(List.of(uaa.publicKey()), Clock.systemUTC()), 2);
    private final String admin = uaa.token("admin", List.of("network.admin"), Instant.now().plus(1, ChronoUnit.HOURS));
    private final String writer = uaa.token("dev", List.of("network.write"), List.of("web", "api"),
            Instant.now().plus(1, ChronoUnit.HOURS));

    private HttpResponse call(String method, String path, String token, String body) {
        return api.handle(Requests.of(method, path, token, body));
    }

    private static String policy(String source, String destination, String protocol, int start, int end) {
        return "{\"source\": {\"id\": \"" + source + "\"}, \"destination\": {\"id\": \"" + destination
                + "\", \"protocol\": \"" + protocol + "\", \"ports\": {\"start\": " + start + ", \"end\": " + end
                + "}}}";
    }

    private static String body(String... policies) {
        return "{\"policies\": [" + String.join(", ", policies) + "]}";
    }

    private HttpResponse create(String token, String... policies) {
        return call("POST", BASE + "/policies", token, body(policies));
    }

    @Test
    void createdPoliciesAreListedInPolicyServersShape() {
        HttpResponse created = create(admin, policy("web", "api", "tcp", 8080, 8080));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body()).isEqualTo("{}");
        assertThat(created.headers().get("Server-Timing")).as("the change's time in the controller, in ms")
                .matches("change;dur=\\d+\\.\\d{3}");

        HttpResponse listed = call("GET", BASE + "/policies", admin, null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).isEqualTo("{\"total_policies\":1,\"policies\":[{\"source\":{\"id\":\"web\"},"
                + "\"destination\":{\"id\":\"api\",\"protocol\":\"tcp\",\"ports\":{\"start\":8080,\"end\":8080}}}]}");
    }

    @Test
    void aChangeTheStoreCannotSaveIs503AndChangesNothingUntilTheStoreIsBack() {
        create(admin, policy("web", "api", "tcp", 8080, 8080));
        store.failing = true;

        HttpResponse refused = create(admin, policy("web", "db", "tcp", 5432, 5432));
        assertThat(refused).isEqualTo(HttpResponse.json(503,
                "{\"error\": \"the change could not be stored and nothing was changed; try again later\"}"));
        assertThat(call("POST", BASE + "/policies/delete", admin, body(policy("web", "api", "tcp", 8080, 8080)))
                .status()).isEqualTo(503);
        assertThat(total(call("GET", BASE + "/policies", admin, null))).isEqualTo(1);
        assertThat(network.network().appId("db")).as("no app ID given out for the refused change").isEmpty();

        store.failing = false;
        assertThat(create(admin, policy("web", "db", "tcp", 5432, 5432)).status()).isEqualTo(200);
        assertThat(total(call("GET", BASE + "/policies", admin, null))).isEqualTo(2);
    }

    /** An in-memory store whose disk can be made to fail. */
    private static final class FailingStore implements ControllerStore {
        private final InMemoryStore stored = new InMemoryStore();
        volatile boolean failing;

        @Override
        public StoredState load() {
            return stored.load();
        }

        @Override
        public void commit(StoreWrite write) {
            if (failing) {
                throw new StoreUnavailableException("the store in /x could not save the change: disk full", null);
            }
            stored.commit(write);
        }

        @Override
        public void commitAll(List<StoreWrite> writes) {
            if (failing) {
                throw new StoreUnavailableException("the store in /x could not save the changes: disk full", null);
            }
            stored.commitAll(writes);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void filtersSelectByIdOrBySourceAndDestination() {
        create(admin, policy("a", "b", "tcp", 1, 1), policy("b", "c", "tcp", 2, 2), policy("c", "a", "udp", 3, 3));

        assertThat(total(call("GET", BASE + "/policies?id=a", admin, null))).isEqualTo(2);
        assertThat(total(call("GET", BASE + "/policies?id=a,b&source_id=c", admin, null))).as("id wins").isEqualTo(3);
        assertThat(total(call("GET", BASE + "/policies?source_id=b", admin, null))).isEqualTo(1);
        assertThat(total(call("GET", BASE + "/policies?dest_id=a,b", admin, null))).isEqualTo(2);
        assertThat(total(call("GET", BASE + "/policies?source_id=a,b&dest_id=c", admin, null))).as("AND")
                .isEqualTo(1);
    }

    private static int total(HttpResponse response) {
        return Integer.parseInt(response.body().replaceAll("^\\{\"total_policies\":(\\d+),.*", "$1"));
    }

    @Test
    void creatingADuplicateAndDeletingWhatIsMissingAreNoOps() {
        create(admin, policy("web", "api", "tcp", 8080, 8090));
        assertThat(create(admin, policy("web", "api", "tcp", 8080, 8090)).status()).isEqualTo(200);
        assertThat(policies.list(PolicyFilter.all())).hasSize(1);

        HttpResponse deleted = call("POST", BASE + "/policies/delete", admin, body(policy("web", "api", "tcp", 8080, 8080)));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{}");
        assertThat(deleted.headers().get("Server-Timing")).matches("change;dur=\\d+\\.\\d{3}");
        assertThat(policies.list(PolicyFilter.all())).as("delete matches the range exactly").hasSize(1);
        call("POST", BASE + "/policies/delete", admin, body(policy("web", "api", "tcp", 8080, 8090)));
        assertThat(policies.list(PolicyFilter.all())).isEmpty();
    }

    @Test
    void everyValidationMessageIsPolicyServers() {
        assertThat(call("POST", BASE + "/policies", admin, "{\"policies\": []}"))
                .isEqualTo(HttpResponse.error(400, "mapper: validate policies: missing policies"));
        assertRefused("{\"destination\": {\"id\": \"b\", \"protocol\": \"tcp\", \"ports\": {\"start\": 1, \"end\": 1}}}",
                "missing source id");
        assertRefused("{\"source\": {\"id\": \"a\"}, \"destination\": {\"protocol\": \"tcp\"}}", "missing destination id");
        assertRefused(policy("a", "b", "icmp", 1, 1), "invalid destination protocol, specify either udp or tcp");
        assertRefused(policy("a", "b", "tcp", 90, 80), "invalid port range 90-80, start must be less than or equal to end");
        assertRefused(policy("a", "b", "tcp", 0, 10), "invalid start port 0, must be in range 1-65535");
        assertRefused(policy("a", "b", "tcp", -3, 10), "invalid start port -3, must be in range 1-65535");
        assertRefused(policy("a", "b", "udp", 1, 65536), "invalid end port 65536, must be in range 1-65535");
        assertRefused("{\"source\": {\"id\": \"a\"}, \"destination\": {\"id\": \"b\", \"protocol\": \"tcp\"}}",
                "missing start port");
        assertRefused("{\"source\": {\"id\": \"a\", \"tag\": \"01\"}, \"destination\": {\"id\": \"b\", \"protocol\":"
                + " \"tcp\", \"ports\": {\"start\": 1, \"end\": 1}}}", "tags may not be specified");
    }

    private void assertRefused(String policy, String message) {
        assertThat(create(admin, policy)).isEqualTo(HttpResponse.error(400, "mapper: validate policies: " + message));
    }

    @Test
    void badJsonIsAnUnmarshalError() {
        HttpResponse response = call("POST", BASE + "/policies", admin, "{\"policies\": [");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"error\": \"mapper: unmarshal json: ");
        assertThat(create(admin, "{\"source\": {\"id\": \"a\"}, \"destination\": {\"id\": \"b\", \"protocol\": \"tcp\","
                + " \"ports\": {\"start\": \"80\", \"end\": 80}}}").body()).startsWith("{\"error\": \"mapper: unmarshal json: ");
        String document = "{\"policies\": [" + policy("web", "api", "tcp", 80, 80) + "]}";
        assertThat(call("POST", BASE + "/policies", admin, document + " {}")).as("a second document, as Go's decoder"
                + " refuses it").isEqualTo(HttpResponse.error(400, "mapper: unmarshal json: text after the JSON document"
                + " at line 1, column " + (document.length() + 2)));
        assertThat(response.body()).as("no parser notation").doesNotContain("Source").contains("line 1, column");
    }

    @Test
    void aBatchWithOneBadPolicyChangesNothing() {
        HttpResponse response = create(admin, policy("web", "api", "tcp", 80, 80), policy("web", "db", "tcp", 90, 80));
        assertThat(response.status()).isEqualTo(400);
        assertThat(policies.list(PolicyFilter.all())).isEmpty();
        assertThat(network.network().appId("web")).isEmpty();
    }

    @Test
    void withoutATokenItIs401WithTheBearerChallenge() {
        HttpResponse response = call("GET", BASE + "/policies", null, null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer");
        assertThat(response.body()).isEqualTo("{\"error\": \"missing authorization header\"}");
    }

    @Test
    void theTokenIsReadAfterTheBearerSchemeInEitherCaseOrAsSentWithoutIt() {
        for (String authorization : List.of("Bearer " + admin, "bearer " + admin, admin)) {
            HttpResponse listed = api.handle(HttpRequest.of("GET", BASE + "/policies", Map.of(),
                    Map.of("authorization", authorization), new byte[0]));
            assertThat(listed.status()).as(authorization.substring(0, 7)).isEqualTo(200);
        }
        HttpResponse otherScheme = api.handle(HttpRequest.of("GET", BASE + "/policies", Map.of(),
                Map.of("authorization", "Basic " + admin), new byte[0]));
        assertThat(otherScheme.status()).isEqualTo(401);
    }

    @Test
    void aTokenFromAnUnknownKeyOrExpiredIs401() {
        String forged = new Tokens().token("admin", List.of("network.admin"), Instant.now().plusSeconds(3600));
        String expired = uaa.token("admin", List.of("network.admin"), Instant.now().minusSeconds(1));
        for (String token : List.of(forged, expired, "not-a-jwt")) {
            assertThat(call("GET", BASE + "/policies", token, null))
                    .isEqualTo(new HttpResponse(401, Map.of("WWW-Authenticate", "Bearer"),
                            "{\"error\": \"failed to verify token with uaa\"}"));
        }
    }

    @Test
    void withoutAWriteScopeItIs403() {
        String reader = uaa.token("ro", List.of("cloud_controller.read"), Instant.now().plusSeconds(3600));
        assertThat(call("GET", BASE + "/policies", reader, null)).isEqualTo(HttpResponse.error(403,
                "provided scopes [cloud_controller.read] do not include allowed scopes [network.admin network.write]"));
        assertThat(call("GET", BASE + "/tags", writer, null)).isEqualTo(HttpResponse.error(403,
                "provided scopes [network.write] do not include allowed scopes [network.admin]"));
    }

    @Test
    void anUnknownApiVersionIs406() {
        assertThat(call("GET", "/networking/v9/external/policies", admin, null))
                .isEqualTo(HttpResponse.error(406, "api version 'v9' not supported"));
    }

    @Test
    void nonAdminsAreHeldToTheQuotaPerSourceApp() {
        assertThat(create(writer, policy("web", "api", "tcp", 1, 1), policy("web", "api", "tcp", 2, 2)).status())
                .isEqualTo(200);
        assertThat(create(writer, policy("web", "api", "tcp", 3, 3)))
                .isEqualTo(HttpResponse.error(403, "policy quota exceeded"));
        assertThat(create(writer, policy("api", "web", "tcp", 3, 3)).status()).as("another source app").isEqualTo(200);
        assertThat(create(admin, policy("web", "api", "tcp", 3, 3)).status()).as("admins are not held").isEqualTo(200);
    }

    @Test
    void aWriteTokenListsCreatesAndDeletesOnlyPoliciesBetweenItsOwnApps() {
        create(admin, policy("web", "api", "tcp", 80, 80), policy("web", "db", "tcp", 5432, 5432),
                policy("other", "db", "tcp", 5432, 5432));

        assertThat(call("GET", BASE + "/policies", writer, null).body()).as("as policy-server's filter: both apps its own")
                .isEqualTo("{\"total_policies\":1,\"policies\":[" + policy("web", "api", "tcp", 80, 80)
                        .replace(" ", "") + "]}");
        HttpResponse noAccess = HttpResponse.error(403, "one or more applications cannot be found or accessed");
        assertThat(create(writer, policy("web", "db", "tcp", 1, 1))).isEqualTo(noAccess);
        assertThat(call("POST", BASE + "/policies/delete", writer, body(policy("other", "db", "tcp", 5432, 5432))))
                .isEqualTo(noAccess);
        assertThat(call("POST", BASE + "/policies/delete", writer, body(policy("web", "api", "tcp", 80, 80))).status())
                .isEqualTo(200);
        assertThat(policies.list(PolicyFilter.all())).extracting(record -> record.spec().sourceGuid())
                .as("the refused requests changed nothing").containsExactly("web", "other");
    }

    @Test
    void aWriteTokenWithoutAppsMayNameNone() {
        String stranger = uaa.token("x", List.of("network.write"), Instant.now().plusSeconds(3600));
        assertThat(create(stranger, policy("web", "api", "tcp", 1, 1)))
                .isEqualTo(HttpResponse.error(403, "one or more applications cannot be found or accessed"));
        assertThat(policies.list(PolicyFilter.all())).isEmpty();
    }

    @Test
    void theQuotaHoldsWhenRequestsRace() throws Exception {
        int clients = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(clients);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int port = 1000 + i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return create(writer, policy("web", "api", "tcp", port, port)).status();
                }));
            }
            List<Integer> answered = new java.util.ArrayList<>();
            for (var status : statuses) {
                answered.add(status.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(answered).filteredOn(status -> status == 200).hasSize(2); // the quota
            assertThat(answered).filteredOn(status -> status == 403).hasSize(clients - 2);
            assertThat(policies.countFrom("web")).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnauthenticatedRequestIsAnsweredWithoutReadingItsBody() {
        RequestBody body = RequestBody.reading(() -> {
            throw new AssertionError("the body was read before authentication");
        }, PolicyServerApi.MAX_BODY_BYTES);
        HttpResponse refused = api.handle(new HttpRequest("POST", BASE + "/policies", Map.of(), Map.of(), body));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(body.read()).isFalse();
    }

    @Test
    void aBodyOverTheLimitIsReadOnlyUpToTheLimitAndRefused() {
        java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return ' ';
            }
        };
        HttpResponse refused = api.handle(new HttpRequest("POST", BASE + "/policies", Map.of(),
                Map.of("authorization", "Bearer " + admin), RequestBody.reading(() -> endless, 1000)));
        assertThat(refused).isEqualTo(HttpResponse.error(400, "failed reading request body"));
        assertThat(served.get()).isEqualTo(1001);
    }

    @Test
    void tagsWhoamiAndHealth() {
        create(admin, policy("web", "api", "tcp", 1, 1));
        assertThat(call("GET", BASE + "/tags", admin, null).body()).as("app IDs as 24-bit hex tags, by GUID")
                .isEqualTo("{\"tags\":[{\"id\":\"api\",\"tag\":\"000002\",\"type\":\"app\"},"
                        + "{\"id\":\"web\",\"tag\":\"000001\",\"type\":\"app\"}]}");
        assertThat(call("GET", BASE + "/whoami", writer, null).body()).isEqualTo("{\"subject\":\"dev\"}");
        assertThat(call("GET", "/health", null, null).status()).isEqualTo(200);
    }
}
