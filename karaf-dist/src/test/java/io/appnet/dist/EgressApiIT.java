package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * policy-server's dynamic egress API on the built distribution, over real HTTP: a destination and an egress policy
 * created through REST are there, with the same ids and tag, after a restart, and the shell lists them.
 */
class EgressApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DESTINATION = "{\"destinations\": [{\"name\": \"db\", \"description\": \"orders\","
            + " \"rules\": [{\"protocol\": \"tcp\", \"ips\": [{\"start\": \"192.0.2.10\", \"end\": \"192.0.2.10\"}],"
            + " \"ports\": [{\"start\": 5432, \"end\": 5432}]}]}]}";

    @Test
    void aDestinationAndAnEgressPolicyCreatedThroughRestSurviveARestart() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "egress")) {
            ApiClient api = new ApiClient(karaf);
            startServing(karaf, api);
            String admin = api.adminToken();

            HttpResponse<String> created = api.send("POST", "/networking/v1/external/destinations", admin, DESTINATION);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JSON.readTree(created.body()).path("destinations").get(0).path("id").asText();
            HttpResponse<String> policy = api.send("POST", "/networking/v1/external/egress_policies", admin,
                    "{\"egress_policies\": [{\"source\": {\"id\": \"app-a\"}, \"destination\": {\"id\": \"" + id
                            + "\"}, \"app_lifecycle\": \"running\"}]}");
            assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
            assertThat(api.send("POST", "/networking/v1/external/destinations", admin, "{\"destinations\": [{\"name\":"
                    + " \"v6\", \"rules\": [{\"protocol\": \"icmp\", \"ips\": [{\"start\": \"2001:db8::1\"}]}]}]}")
                    .statusCode()).isEqualTo(400);
            String destinations = api.send("GET", "/networking/v1/external/destinations", admin, null).body();
            String policies = api.send("GET", "/networking/v1/external/egress_policies", admin, null).body();
            String tags = api.send("GET", "/networking/v1/external/tags", admin, null).body();

            karaf.stop();
            startServing(karaf, api);

            assertThat(api.send("GET", "/networking/v1/external/destinations", admin, null).body())
                    .isEqualTo(destinations);
            JsonNode listed = JSON.readTree(api.send("GET", "/networking/v1/external/egress_policies", admin, null)
                    .body());
            assertThat(listed.toString()).isEqualTo(JSON.readTree(policies).toString());
            assertThat(listed.path("egress_policies").get(0).path("app_lifecycle").asText()).isEqualTo("running");
            assertThat(api.send("GET", "/networking/v1/external/tags", admin, null).body()).as("same pseudo app ID")
                    .isEqualTo(tags).contains("\"type\":\"destination\"");
            assertThat(karaf.shell("appnet:destination-list")).contains("db", id, "tcp 192.0.2.10 5432");
            assertThat(karaf.shell("appnet:egress-policy-list")).contains("app-a", "db", "running");
        }
    }

    /** Starts Karaf and waits until its REST API answers. */
    private static void startServing(KarafInstance karaf, ApiClient api) throws Exception {
        karaf.start();
        karaf.awaitPort(karaf.httpPort(), DistributionBootIT.BOOT_TIMEOUT);
        api.awaitHealthy();
    }
}
