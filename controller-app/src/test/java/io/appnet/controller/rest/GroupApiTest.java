package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Network;
import io.appnet.controller.egress.DestinationSpec;
import io.appnet.controller.egress.EgressException;
import io.appnet.controller.egress.EgressPolicySpec;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.controller.firewall.FirewallService;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.OfflineModels;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.programmer.NoSwitches;
import io.appnet.controller.status.StatusService;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoredState;
import io.appnet.controller.topology.SettleGate;
import io.appnet.controller.topology.TopologyService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** appnet's groups, group policies and per-app egress addresses under /appnet/v1. */
class GroupApiTest {
    private final Tokens uaa = new Tokens();
    private final InMemoryStore store = new InMemoryStore();
    private final NetworkModel network = OfflineModels.of(Network.empty().apply(Change.configureEgress(
            EgressSettings.of("10.255.0.0/16", List.of("203.0.113.1-203.0.113.2"), "per-app"))), store);
    private final PolicyIds ids = new PolicyIds(network.network());
    private final PolicyService policies = new PolicyService(network, ids);
    private final EgressService egress = new EgressService(network, ids, StoredState.empty());
    private final SettleGate settle = new SettleGate(List.of(), Duration.ofSeconds(1), () -> { });
    private final NoSwitches switches = new NoSwitches();
    private final TopologyService topology = new TopologyService(network, settle);
    private final AppnetApi api = new AppnetApi(policies, new GroupService(network, ids, StoredState.empty()), egress,
            new FirewallService(network, StoredState.empty(), new FirewallDevices(), datapath -> java.util.Optional.empty()),
            new StatusService(network, policies, egress, topology, null, switches), topology,
            new JwtTokenVerifier(List.of(uaa.publicKey()), Clock.systemUTC()));
    private final String token = uaa.token("admin", List.of("network.admin"), Instant.now().plusSeconds(3600));

    @AfterEach
    void close() {
        settle.close();
    }

    private HttpResponse call(String method, String path, String body) {
        return api.handle(HttpRequest.of(method, "/appnet/v1" + path, Map.of(), Map.of("authorization", "Bearer "
                + token), body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode json(HttpResponse response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void aGroupIsCreatedReplacedListedAndDeletedWhenNoPolicyUsesIt() throws Exception {
        assertThat(call("POST", "/groups", "{\"groups\": [{\"id\": \"space-1\", \"name\": \"dev\", \"members\": [\"web\","
                + " \"api\"]}]}").status()).isEqualTo(200);
        assertThat(call("GET", "/groups", null).body()).isEqualTo("{\"groups\":[{\"id\":\"space-1\",\"name\":\"dev\","
                + "\"members\":[\"api\",\"web\"]}]}");
        assertThat(call("POST", "/groups", "{\"groups\": [{\"id\": \"space-2\", \"name\": \"dev\", \"members\": []}]}")).isEqualTo(
                HttpResponse.error(400, "group name 'dev' is already used by group 'space-1'"));

        HttpResponse policy = call("POST", "/group-policies", "{\"group_policies\": [{\"source\": {\"id\": \"space-1\"},"
                + " \"destination\": {\"id\": \"space-1\", \"protocol\": \"tcp\", \"ports\": {\"start\": 8080, \"end\":"
                + " 8080}}}]}");
        assertThat(policy.status()).isEqualTo(200);
        long id = json(policy).path("group_policies").get(0).path("id").asLong();
        assertThat(call("GET", "/group-policies", null).body()).isEqualTo("{\"group_policies\":[{\"id\":" + id + ","
                + "\"source\":\"space-1\",\"destination\":\"space-1\",\"destination_type\":\"group\",\"protocol\":"
                + "\"tcp\",\"ports\":{\"start\":8080,\"end\":8080}}]}");
        assertThat(call("DELETE", "/groups/space-1", null)).isEqualTo(HttpResponse.error(400, "group 'space-1' is used"
                + " by group policies [" + id + "]; remove them first"));
        assertThat(call("POST", "/group-policies", "{\"group_policies\": [{\"source\": {\"id\": \"space-1\"},"
                + " \"destination\": {\"id\": \"nope\", \"protocol\": \"icmp\"}}]}")).isEqualTo(
                HttpResponse.error(400, "unknown group 'nope'"));

        assertThat(call("DELETE", "/group-policies/" + id, null).status()).isEqualTo(200);
        assertThat(call("POST", "/groups", "{\"groups\": [{\"id\": \"space-1\", \"name\": \"prod\", \"members\":"
                + " [\"db\"]}]}").status()).isEqualTo(200);
        assertThat(store.load().groups().get(0).members()).containsExactly("db");
        assertThat(json(call("DELETE", "/groups/space-1", null)).path("groups").get(0).path("name").asText())
                .isEqualTo("prod");
        assertThat(store.load().groups()).isEmpty();
        assertThat(call("DELETE", "/groups/space-1", null)).as("gone").isEqualTo(
                HttpResponse.error(404, "unknown group 'space-1'"));
        assertThat(call("DELETE", "/group-policies/" + id, null).status()).as("gone").isEqualTo(404);
        assertThat(call("POST", "/groups", "{\"groups\": [{\"name\": \"x\"}]}")).isEqualTo(
                HttpResponse.error(400, "missing group id"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "members not a list | {\"id\": \"space-1\", \"name\": \"dev\", \"members\": \"api web\"}"
                + " | unmarshal json: groups[0].members must be an array of strings, not string",
        "a member not a string | {\"id\": \"space-1\", \"name\": \"dev\", \"members\": [\"api\", 5]}"
                + " | unmarshal json: groups[0].members[1] must be a string, not number",
        "members missing | {\"id\": \"space-1\", \"name\": \"dev\"}"
                + " | missing members (groups[0]): list the group's app GUIDs, [] for none",
        "name not a string | {\"id\": \"space-1\", \"name\": 5, \"members\": []}"
                + " | unmarshal json: groups[0].name must be a string, not number",
    })
    void aGroupOfTheWrongShapeIs400AndLeavesTheGroupAsItWas(String what, String group, String message) {
        call("POST", "/groups", "{\"groups\": [{\"id\": \"space-1\", \"name\": \"dev\", \"members\": [\"web\"]}]}");

        assertThat(call("POST", "/groups", "{\"groups\": [" + group + "]}")).isEqualTo(HttpResponse.error(400, message));
        assertThat(store.load().groups().get(0).members()).containsExactly("web");
        assertThat(call("POST", "/groups", "{\"groups\": [{\"id\": \"space-1\", \"name\": \"dev\", \"members\":"
                + " [\"web\"]}]} trailing").status()).as("text after the JSON").isEqualTo(400);
    }

    @Test
    void perAppAddressesArePublishedAndAPoolTooSmallIsReportedNeverShared() throws Exception {
        String db = egress.createDestinations(List.of(new DestinationSpec(null, "db", "", List.of(DestinationRule.icmp(
                List.of(IpRange.parse("192.0.2.1", null)), 8, -1)), Set.of()))).value().get(0).id();
        egress.createEgressPolicies(List.of(new EgressPolicySpec("app", "a", db, null),
                new EgressPolicySpec("app", "b", db, null)));

        Assertions.assertThatThrownBy(() -> egress.createEgressPolicies(List.of(new EgressPolicySpec("app", "c", db,
                null)))).isInstanceOf(EgressException.class).hasMessageStartingWith("nat.pool has 2 addresses, too few"
                + " for nat.mode per-app");
        JsonNode addresses = json(call("GET", "/egress-addresses", null));
        assertThat(addresses.path("mode").asText()).isEqualTo("per-app");
        assertThat(addresses.path("pool_size").asInt()).isEqualTo(2);
        assertThat(addresses.path("addresses").toString()).isEqualTo("[{\"app\":\"a\",\"address\":\"203.0.113.1\","
                + "\"gateway\":null},{\"app\":\"b\",\"address\":\"203.0.113.2\",\"gateway\":null}]");
        assertThat(addresses.path("pool_exhausted").asText()).startsWith("nat.pool has 2 addresses");
        assertThat(store.load().egressAddresses()).isEqualTo(Map.of("a", "203.0.113.1", "b", "203.0.113.2"));
        assertThat(store.load().egressPolicies()).hasSize(2);
    }

    @Test
    void groupsAreForNetworkAdminOnly() {
        String writer = uaa.token("dev", List.of("network.write"), Instant.now().plusSeconds(3600));
        HttpResponse refused = api.handle(HttpRequest.of("POST", "/appnet/v1/groups", Map.of(), Map.of(
                "authorization", "Bearer " + writer), "{\"groups\": [{\"id\": \"g\", \"name\": \"g\"}]}"
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(store.load().groups()).isEmpty();
        assertThat(api.handle(HttpRequest.of("GET", "/appnet/v1/groups", Map.of(), Map.of("authorization", "Bearer "
                + writer), new byte[0])).status()).as("a group lists other apps: not for a write token").isEqualTo(403);
    }

    @Test
    void aGroupMayReachOneAppAndTheAppsOwnGroupIsNeverListedAndGoesWithItsLastPolicy() throws Exception {
        call("POST", "/groups", "{\"groups\": [{\"id\": \"space-1\", \"name\": \"dev\", \"members\": [\"web\"]}]}");
        String toApp = "{\"group_policies\": [{\"source\": {\"id\": \"space-1\"}, \"destination\": {\"type\":"
                + " \"app\", \"id\": \"db\", \"protocol\": \"tcp\", \"ports\": {\"start\": 5432, \"end\": 5432}}}]}";
        long first = json(call("POST", "/group-policies", toApp)).path("group_policies").get(0).path("id").asLong();
        long second = json(call("POST", "/group-policies", toApp.replace("5432", "6432"))).path("group_policies")
                .get(0).path("id").asLong();

        JsonNode listed = json(call("GET", "/group-policies", null)).path("group_policies");
        assertThat(listed.get(0).path("destination_type").asText()).isEqualTo("app");
        assertThat(listed.get(0).path("destination").asText()).isEqualTo("db");
        assertThat(json(call("GET", "/groups", null)).path("groups")).hasSize(1);
        assertThat(network.network().appId("db")).as("the destination app got its app ID").isPresent();
        assertThat(call("POST", "/groups", "{\"groups\": [{\"id\": \"app:x\", \"name\": \"x\", \"members\": []}]}").status())
                .isEqualTo(400);
        assertThat(call("POST", "/groups", "{\"groups\": [{\"id\": \"a b\", \"name\": \"x\", \"members\": []}]}"))
                .isEqualTo(HttpResponse.error(400,
                        "group id 'a b' has a space or a character that is not printable ASCII at position 1"));

        call("DELETE", "/group-policies/" + first, null);
        assertThat(store.load().groups()).extracting(group -> group.id()).containsExactly("app:db", "space-1");
        call("DELETE", "/group-policies/" + second, null);
        assertThat(store.load().groups()).extracting(group -> group.id()).containsExactly("space-1");
        assertThat(store.load().groupPolicies()).isEmpty();
    }
}
