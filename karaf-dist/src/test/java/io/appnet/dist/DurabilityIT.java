package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 as an operator met it, on the built distribution: churn through the REST API (policies added and
 * removed again, which leaves free space in the store file), one more policy acknowledged, kill -9 of the JVM at a
 * random 0-500 ms after the 200, start again. Every acknowledged policy must be listed after the restart. Trials
 * follow each other on the same store. {@code -Dappnet.durability.it.trials=N} (default 3; {@code -Pdurability}
 * runs more).
 */
class DurabilityIT {
    private static final int TRIALS = Integer.getInteger("appnet.durability.it.trials", 3);
    private static final int CHURN_REQUESTS = 50;
    private static final int POLICIES_PER_REQUEST = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyAcknowledgedPolicySurvivesKillMinus9AfterChurn() throws Exception {
        long seed = Long.getLong("appnet.durability.seed", new Random().nextLong());
        Random random = new Random(seed);
        Set<String> acknowledged = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "durable")) {
            ApiClient api = new ApiClient(karaf);
            for (int trial = 1; trial <= TRIALS; trial++) {
                start(karaf, api);
                String admin = api.adminToken();
                for (int r = 0; r < CHURN_REQUESTS; r++) {
                    String body = policies(trial, r);
                    expect(api.send("POST", "/networking/v1/external/policies", admin, body), 200);
                    expect(api.send("POST", "/networking/v1/external/policies/delete", admin, body), 200);
                }
                String last = "{\"policies\": [" + policy("t" + trial + "-web", "t" + trial + "-db", 5432) + "]}";
                expect(api.send("POST", "/networking/v1/external/policies", admin, last), 200);
                acknowledged.add("t" + trial + "-web->t" + trial + "-db:5432");
                int delayMillis = random.nextInt(501);
                Thread.sleep(delayMillis);
                karaf.killHard();

                start(karaf, api);
                Set<String> listed = listed(api.send("GET", "/networking/v1/external/policies", api.adminToken(), null));
                if (!listed.equals(acknowledged)) {
                    failures.add("trial " + trial + " (killed " + delayMillis + " ms after the 200): listed " + listed
                            + ", acknowledged " + acknowledged);
                }
                karaf.killHard();
            }
        }
        assertThat(failures).as("%d trials, seed %d", TRIALS, seed).isEmpty();
    }

    /**
     * kill -9 while a batch of 10,000 policies is being created (issue 11's fault list): after the restart the
     * batch is all there or none of it, and all of it if the 200 came before the kill.
     */
    @Test
    void aBatchKilledInFlightIsAllThereOrNoneOfIt() throws Exception {
        List<String> policies = new ArrayList<>();
        for (int p = 0; p < 10_000; p++) {
            policies.add(policy("batch-" + p / 100, "batch-" + p % 100, 1000 + p % 7));
        }
        String batch = "{\"policies\": [" + String.join(", ", policies) + "]}";
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "batch")) {
            ApiClient api = new ApiClient(karaf);
            start(karaf, api);
            String admin = api.adminToken();
            long started = System.nanoTime();
            expect(api.send("POST", "/networking/v1/external/policies", admin, batch), 200);
            long millis = (System.nanoTime() - started) / 1_000_000;
            expect(api.send("POST", "/networking/v1/external/policies/delete", admin, batch), 200);

            long killAfter = new Random().nextLong(millis + 1);
            CompletableFuture<HttpResponse<String>> answer = api.sendAsync("POST",
                    "/networking/v1/external/policies", admin, batch);
            Thread.sleep(killAfter);
            boolean acknowledged = answer.isDone() && !answer.isCompletedExceptionally()
                    && answer.join().statusCode() == 200;
            karaf.killHard();

            start(karaf, api);
            int listed = JSON.readTree(api.send("GET", "/networking/v1/external/policies", api.adminToken(), null)
                    .body()).get("total_policies").asInt();
            assertThat(listed).as("killed %d ms into a batch that takes %d ms, %s", killAfter, millis,
                    acknowledged ? "after its 200" : "before its 200").isIn(acknowledged ? List.of(10_000)
                    : List.of(0, 10_000));
        }
    }

    private static void start(KarafInstance karaf, ApiClient api) throws Exception {
        karaf.start();
        karaf.awaitPort(karaf.httpPort(), DistributionBootIT.BOOT_TIMEOUT);
        api.awaitHealthy();
    }

    private static String policies(int trial, int request) {
        List<String> policies = new ArrayList<>();
        for (int p = 0; p < POLICIES_PER_REQUEST; p++) {
            policies.add(policy("t" + trial + "-churn" + request, "t" + trial + "-churn" + p, 1000 + p));
        }
        return "{\"policies\": [" + String.join(", ", policies) + "]}";
    }

    private static String policy(String source, String destination, int port) {
        return "{\"source\": {\"id\": \"" + source + "\"}, \"destination\": {\"id\": \"" + destination
                + "\", \"protocol\": \"tcp\", \"ports\": {\"start\": " + port + ", \"end\": " + port + "}}}";
    }

    private static Set<String> listed(HttpResponse<String> response) throws Exception {
        expect(response, 200);
        Set<String> listed = new TreeSet<>();
        for (JsonNode policy : JSON.readTree(response.body()).get("policies")) {
            listed.add(policy.at("/source/id").asText() + "->" + policy.at("/destination/id").asText() + ":"
                    + policy.at("/destination/ports/start").asInt());
        }
        return listed;
    }

    private static void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }
}
