package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Network;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.OfflineModels;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoredState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * policy-server's dynamic egress API (destinations, egress policies) as a client sees it: shapes, status codes,
 * messages, and that a refused request changes nothing. The overlay is 10.255.0.0/16.
 */
class EgressApiTest {
    private static final String BASE = "/networking/v1/external";
    private static final String DB = "{\"name\": \"db\", \"description\": \"the database\", \"rules\": [{\"protocol\":"
            + " \"tcp\", \"ips\": [{\"start\": \"192.0.2.10\", \"end\": \"192.0.2.10\"}], \"ports\": [{\"start\": 5432,"
            + " \"end\": 5432}]}]}";
    private final Tokens uaa = new Tokens();
    private final InMemoryStore store = new InMemoryStore();
    private final NetworkModel network = OfflineModels.of(Network.empty().apply(Change.configureEgress(
            EgressSettings.of("10.255.0.0/16", List.of(), "shared"))), store);
    private final PolicyIds ids = new PolicyIds(network.network());
    private final EgressService egress = new EgressService(network, ids, StoredState.empty());
    private final GroupService groups = new GroupService(network, ids, StoredState.empty());
    private final PolicyServerApi api = new PolicyServerApi(new PolicyService(network, ids), egress, network::network,
            new JwtTokenVerifier(List.of(uaa.publicKey()), Clock.systemUTC()), 150);
    private final String admin = uaa.token("admin", List.of("network.admin"), Instant.now().plus(1, ChronoUnit.HOURS));
    private final String writer = uaa.token("dev", List.of("network.write"), Instant.now().plus(1, ChronoUnit.HOURS));

    private HttpResponse call(String method, String path, String token, String body) {
        return api.handle(Requests.of(method, path, token, body));
    }

    private static JsonNode json(HttpResponse response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private String createDb() throws Exception {
        HttpResponse created = call("POST", BASE + "/destinations", admin, "{\"destinations\": [" + DB + "]}");
        assertThat(created.status()).isEqualTo(201);
        return json(created).path("destinations").get(0).path("id").asText();
    }

    @Test
    void aDestinationIsCreatedWithAnIdListedUpdatedAndDeletedInPolicyServersShape() throws Exception {
        String id = createDb();
        assertThat(id).matches("[0-9a-f-]{36}");

        HttpResponse listed = call("GET", BASE + "/destinations?name=db", admin, null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).isEqualTo("{\"total_destinations\":1,\"destinations\":[{\"id\":\"" + id + "\","
                + "\"name\":\"db\",\"description\":\"the database\",\"rules\":[{\"protocol\":\"tcp\",\"ips\":[{\"start\":"
                + "\"192.0.2.10\",\"end\":\"192.0.2.10\"}],\"ports\":[{\"start\":5432,\"end\":5432}]}]}]}");
        assertThat(json(call("GET", BASE + "/destinations?id=other", admin, null)).path("total_destinations").asInt())
                .isZero();
        int pseudo = network.network().egress().destination(id).orElseThrow().pseudoAppId().value();

        HttpResponse updated = call("PUT", BASE + "/destinations", admin, "{\"destinations\": [{\"id\": \"" + id
                + "\", \"name\": \"postgres\", \"rules\": [{\"protocol\": \"icmp\", \"ips\": \"192.0.2.10-192.0.2.11\","
                + " \"icmp_type\": 8}]}]}");
        assertThat(updated.status()).isEqualTo(200);
        JsonNode rule = json(updated).path("destinations").get(0).path("rules").get(0);
        assertThat(rule.path("ips").get(0).path("end").asText()).isEqualTo("192.0.2.11");
        assertThat(rule.path("icmp_type").asInt()).isEqualTo(8);
        assertThat(rule.path("icmp_code").asInt()).as("any").isEqualTo(-1);
        assertThat(network.network().egress().destination(id).orElseThrow().pseudoAppId().value())
                .as("an update keeps the pseudo app ID").isEqualTo(pseudo);

        HttpResponse deleted = call("DELETE", BASE + "/destinations/" + id, admin, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(json(deleted).path("destinations").get(0).path("name").asText()).isEqualTo("postgres");
        assertThat(json(call("GET", BASE + "/destinations", admin, null)).path("total_destinations").asInt()).isZero();
        assertThat(store.load().destinations()).isEmpty();
    }

    @Test
    void severalIpAndPortRangesPerRuleAndPinnedGatewaysAreAccepted() throws Exception {
        HttpResponse created = call("POST", BASE + "/destinations", admin, "{\"destinations\": [{\"name\": \"dbs\","
                + " \"gateways\": [\"gw2\"], \"rules\": [{\"protocol\": \"tcp\", \"ips\": [{\"start\": \"192.0.2.10\","
                + " \"end\": \"192.0.2.12\"}, {\"start\": \"198.51.100.1\", \"end\": \"198.51.100.1\"}], \"ports\": [{\"start\": 5432, \"end\":"
                + " 5433}, {\"start\": 6000, \"end\": 6000}]}, {\"protocol\": \"all\", \"ips\": [{\"start\":"
                + " \"203.0.113.7\", \"end\": \"203.0.113.7\"}]}]}]}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode destination = json(created).path("destinations").get(0);
        assertThat(destination.path("rules").get(0).path("ips")).hasSize(2);
        assertThat(destination.path("rules").get(0).path("ports")).hasSize(2);
        assertThat(destination.path("gateways").get(0).asText()).isEqualTo("gw2");
        assertThat(store.load().destinations().get(0).gateways()).containsExactly("gw2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "IPv6 | {\"protocol\": \"tcp\", \"ips\": [{\"start\": \"2001:db8::1\", \"end\": \"2001:db8::1\"}], \"ports\":"
                + " [{\"start\": 1, \"end\": 1}]} | validate destinations: invalid ip address '2001:db8::1', must be a"
                + " valid IPv4 address",
        "reversed range | {\"protocol\": \"tcp\", \"ips\": [{\"start\": \"192.0.2.9\", \"end\": \"192.0.2.1\"}],"
                + " \"ports\": [{\"start\": 1, \"end\": 1}]} | validate destinations: invalid IP range"
                + " 192.0.2.9-192.0.2.1, start must be less than or equal to end",
        "ports on icmp | {\"protocol\": \"icmp\", \"ips\": [{\"start\": \"192.0.2.1\", \"end\": \"192.0.2.1\"}],"
                + " \"ports\": [{\"start\": 1, \"end\": 1}]} | validate destinations: ports are not supported for icmp"
                + " protocol",
        "icmp type on tcp | {\"protocol\": \"tcp\", \"ips\": [{\"start\": \"192.0.2.1\", \"end\": \"192.0.2.1\"}],"
                + " \"ports\": [{\"start\": 1, \"end\": 1}], \"icmp_type\": 8} | validate destinations: invalid"
                + " destination: cannot set icmp_type property for destination with protocol 'tcp'",
        "tcp without ports | {\"protocol\": \"tcp\", \"ips\": [{\"start\": \"192.0.2.1\", \"end\": \"192.0.2.1\"}]}"
                + " | validate destinations: missing destination ports",
        "reversed ports | {\"protocol\": \"udp\", \"ips\": [{\"start\": \"192.0.2.1\", \"end\": \"192.0.2.1\"}],"
                + " \"ports\": [{\"start\": 90, \"end\": 80}]} | validate destinations: invalid port range 90-80, start"
                + " must be less than or equal to end",
        "unknown protocol | {\"protocol\": \"sctp\", \"ips\": [{\"start\": \"192.0.2.1\", \"end\": \"192.0.2.1\"}]}"
                + " | validate destinations: invalid destination protocol 'sctp', specify either tcp, udp, or icmp",
        "no ips | {\"protocol\": \"icmp\", \"ips\": []} | validate destinations: missing destination IP range",
    })
    void aBadRuleIs400NamingTheFieldAndCreatesNothing(String what, String rule, String message) throws Exception {
        createDb();
        HttpResponse refused = call("POST", BASE + "/destinations", admin, "{\"destinations\": [{\"name\": \"x\","
                + " \"rules\": [" + rule + "]}]}");

        assertThat(refused).isEqualTo(HttpResponse.error(400, "error parsing egress destinations: " + message
                + " (destinations[0].rules[0])"));
        assertThat(json(call("GET", BASE + "/destinations", admin, null)).path("total_destinations").asInt())
                .isEqualTo(1);
        assertThat(store.load().destinations()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "name a number | {\"name\": 5, \"rules\": [{\"protocol\": \"icmp\", \"ips\": \"192.0.2.1\"}]}"
                + " | unmarshal json: destinations[0].name must be a string, not number",
        "port a string | {\"name\": \"x\", \"rules\": [{\"protocol\": \"tcp\", \"ips\": \"192.0.2.1\", \"ports\":"
                + " [{\"start\": \"80\", \"end\": 80}]}]} | unmarshal json: destinations[0].rules[0].ports[0].start must"
                + " be a whole number, not string",
        "range without its end | {\"name\": \"x\", \"rules\": [{\"protocol\": \"icmp\", \"ips\": [{\"start\":"
                + " \"192.0.2.1\"}]}]} | validate destinations: missing end of the range (destinations[0].rules[0].ips[0])",
        "rules an object | {\"name\": \"x\", \"rules\": {\"protocol\": \"icmp\"}}"
                + " | unmarshal json: destinations[0].rules must be an array, not object",
        "second rule reversed | {\"name\": \"x\", \"rules\": [{\"protocol\": \"icmp\", \"ips\": \"192.0.2.1\"},"
                + " {\"protocol\": \"icmp\", \"ips\": [{\"start\": \"192.0.2.1\", \"end\": \"192.0.2.2\"}, {\"start\":"
                + " \"192.0.2.9\", \"end\": \"192.0.2.3\"}]}]} | validate destinations: invalid IP range"
                + " 192.0.2.9-192.0.2.3, start must be less than or equal to end (destinations[0].rules[1])",
    })
    void aDestinationOfTheWrongShapeIs400NamingWhereAndCreatesNothing(String what, String destination,
                                                                      String message) throws Exception {
        createDb();
        assertThat(call("POST", BASE + "/destinations", admin, "{\"destinations\": [" + destination + "]}"))
                .isEqualTo(HttpResponse.error(400, "error parsing egress destinations: " + message));
        assertThat(store.load().destinations()).hasSize(1);
    }

    @Test
    void aNameWithSpacesAsPolicyServersOwnExampleIsAcceptedAndTextAfterTheJsonIsNot() throws Exception {
        String oracle = "{\"name\": \"oracle database\", \"rules\": [{\"protocol\": \"tcp\", \"ips\":"
                + " \"1.9.9.9-1.9.9.20\", \"ports\": \"8000-9000\"}]}";
        HttpResponse created = call("POST", BASE + "/destinations", admin, "{\"destinations\": [" + oracle + "]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(json(created).path("destinations").get(0).path("name").asText()).isEqualTo("oracle database");

        HttpResponse trailing = call("POST", BASE + "/destinations", admin, "{\"destinations\": ["
                + oracle.replace("oracle", "other") + "]} garbage");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.body()).startsWith("{\"error\": \"error parsing egress destinations: unmarshal json: ");
        assertThat(call("POST", BASE + "/destinations", admin, "{\"destinations\": [" + oracle + "]} {}"))
                .isEqualTo(HttpResponse.error(400, "error parsing egress destinations: unmarshal json: text after the"
                        + " JSON document at line 1, column 130"));
        HttpResponse unclosed = call("POST", BASE + "/destinations", admin, "{\"destinations\": [" + oracle);
        assertThat(unclosed.body()).as("no parser notation").doesNotContain("Source").contains("line 1, column");
        assertThat(store.load().destinations()).hasSize(1);
    }

    @Test
    void aRangeInsideTheOverlayADuplicateNameAndMalformedJsonAre400AndChangeNothing() throws Exception {
        createDb();
        StoredState before = store.load();

        HttpResponse overlay = call("POST", BASE + "/destinations", admin, "{\"destinations\": [{\"name\": \"inside\","
                + " \"rules\": [{\"protocol\": \"icmp\", \"ips\": [{\"start\": \"10.254.255.0\", \"end\":"
                + " \"10.255.0.9\"}]}]}]}");
        assertThat(overlay.status()).isEqualTo(400);
        assertThat(overlay.body()).contains("error creating egress destinations: destination 'inside': rules[0].ips[0]:"
                + " 10.254.255.0-10.255.0.9 overlaps the overlay 10.255.0.0/16");
        assertThat(call("POST", BASE + "/destinations", admin, "{\"destinations\": [" + DB + "]}")).isEqualTo(
                HttpResponse.error(400, "error creating egress destinations: duplicate name error: entry with name"
                        + " 'db' already exists"));
        HttpResponse malformed = call("POST", BASE + "/destinations", admin, "{\"destinations\": [");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).startsWith("{\"error\": \"error parsing egress destinations: unmarshal json: ");
        assertThat(call("POST", BASE + "/destinations", admin, "{}")).isEqualTo(HttpResponse.error(400,
                "error parsing egress destinations: validate destinations: missing destinations"));
        assertThat(call("POST", BASE + "/destinations", admin, "{\"destinations\": [" + DB.replace("\"name\": \"db\"",
                "\"name\": \"db2\", \"gateways\": [\"gw 1\"]") + "]}")).isEqualTo(HttpResponse.error(400,
                "error creating egress destinations: gateways: host name 'gw 1' has a space or a character that is not"
                        + " printable ASCII at position 2"));

        assertThat(store.load()).isEqualTo(before);
    }

    @Test
    void updatingAnUnknownDestinationIs404AndWithoutAnId400() {
        assertThat(call("PUT", BASE + "/destinations", admin, "{\"destinations\": [" + DB + "]}")).isEqualTo(
                HttpResponse.error(400, "destination id not found on request"));
        assertThat(call("PUT", BASE + "/destinations", admin, "{\"destinations\": [" + DB.replace("{\"name\"",
                "{\"id\": \"d\", \"name\"") + ", " + DB.replace("{\"name\"", "{\"id\": \"d\", \"name\"") + "]}"))
                .isEqualTo(HttpResponse.error(400, "duplicate destination id 'd'"));
        assertThat(call("PUT", BASE + "/destinations", admin, "{\"destinations\": [" + DB.replace("{\"name\"",
                "{\"id\": \"nope\", \"name\"") + "]}")).isEqualTo(HttpResponse.error(404,
                "error updating egress destination: destination GUID not found: 'nope'"));
    }

    @Test
    void anEgressPolicyIsCreatedListedWithItsDestinationAndDeleted() throws Exception {
        String db = createDb();
        HttpResponse created = call("POST", BASE + "/egress_policies", admin, "{\"egress_policies\": [{\"source\":"
                + " {\"id\": \"app-a\"}, \"destination\": {\"id\": \"" + db + "\"}, \"app_lifecycle\": \"running\"}]}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode policy = json(created).path("egress_policies").get(0);
        String id = policy.path("id").asText();
        assertThat(created.body()).isEqualTo("{\"total_egress_policies\":1,\"egress_policies\":[{\"id\":\"" + id
                + "\",\"source\":{\"id\":\"app-a\",\"type\":\"app\"},\"destination\":{\"id\":\"" + db + "\"},"
                + "\"app_lifecycle\":\"running\"}]}");
        assertThat(network.network().appId("app-a")).as("the app got its app ID").isPresent();

        JsonNode listed = json(call("GET", BASE + "/egress_policies?DestinationNames=db", admin, null));
        assertThat(listed.path("total_egress_policies").asInt()).isEqualTo(1);
        assertThat(listed.path("egress_policies").get(0).path("destination").path("name").asText()).isEqualTo("db");
        assertThat(json(call("GET", BASE + "/egress_policies?SourceTypes=space", admin, null))
                .path("total_egress_policies").asInt()).isZero();

        assertThat(call("DELETE", BASE + "/destinations/" + db, admin, null)).as("in use").isEqualTo(
                HttpResponse.error(400, "destination is still in use: egress policies [" + id + "] (delete them first)"));
        HttpResponse deleted = call("DELETE", BASE + "/egress_policies/" + id, admin, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(json(deleted).path("egress_policies").get(0).path("id").asText()).isEqualTo(id);
        assertThat(call("DELETE", BASE + "/egress_policies/" + id, admin, null).status()).isEqualTo(404);
        assertThat(call("DELETE", BASE + "/destinations/" + db, admin, null).status()).isEqualTo(200);
    }

    @Test
    void aSpaceIsAGroupAndUnknownSpacesOrDestinationsAre400ChangingNothing() throws Exception {
        String db = createDb();
        String body = "{\"egress_policies\": [{\"source\": {\"id\": \"space-1\", \"type\": \"space\"},"
                + " \"destination\": {\"id\": \"" + db + "\"}}]}";
        assertThat(call("POST", BASE + "/egress_policies", admin, body)).isEqualTo(HttpResponse.error(400,
                "error parsing egress policies: validating egress policies: space guids not found: [space-1]"));
        assertThat(call("POST", BASE + "/egress_policies", admin, "{\"egress_policies\": [{\"source\": {\"id\":"
                + " \"a\"}, \"destination\": {\"id\": \"nope\"}}]}")).isEqualTo(HttpResponse.error(400,
                "error parsing egress policies: validating egress policies: destination guids not found: [nope]"));
        assertThat(call("POST", BASE + "/egress_policies", admin, "{\"egress_policies\": [{\"source\": {\"id\":"
                + " \"a\", \"type\": \"org\"}, \"destination\": {\"id\": \"" + db + "\"}}]}")).isEqualTo(
                HttpResponse.error(400, "error parsing egress policies: validating egress policies: source type must"
                        + " be app or space"));
        assertThat(store.load().egressPolicies()).isEmpty();
        assertThat(network.network().appId("a")).as("no app ID for a refused request").isEmpty();

        groups.put(List.of(new io.appnet.controller.policy.GroupRecord("space-1", "dev", List.of("app-a"))));
        HttpResponse created = call("POST", BASE + "/egress_policies", admin, body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(json(created).path("egress_policies").get(0).path("app_lifecycle").asText()).isEqualTo("all");
        assertThat(store.load().egressPolicies().get(0).sourceType()).isEqualTo("space");
    }

    @Test
    void onlyNetworkAdminMayUseTheEgressApiAndTagsListDestinations() throws Exception {
        String db = createDb();
        assertThat(call("GET", BASE + "/destinations", writer, null).status()).isEqualTo(403);
        assertThat(call("POST", BASE + "/egress_policies", writer, "{}").status()).isEqualTo(403);

        JsonNode tags = json(call("GET", BASE + "/tags", admin, null)).path("tags");
        int pseudo = network.network().egress().destination(db).orElseThrow().pseudoAppId().value();
        assertThat(tags.toString()).contains("{\"id\":\"" + db + "\",\"tag\":\"" + String.format("%06X", pseudo)
                + "\",\"type\":\"destination\"}");
    }
}
