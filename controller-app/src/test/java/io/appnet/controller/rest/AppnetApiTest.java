package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Network;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.controller.firewall.FirewallService;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.programmer.NoSwitches;
import io.appnet.controller.status.StatusService;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredState;
import io.appnet.controller.topology.SettleGate;
import io.appnet.controller.topology.TopologyService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** appnet's own endpoints: extended protocols, the model's instances, traces, and the same authentication. */
class AppnetApiTest {
    private final Tokens uaa = new Tokens();
    private final NoSwitches switches = new NoSwitches();
    private final NetworkProgrammer programmer = new NetworkProgrammer(switches, Duration.ZERO, false);
    private final NetworkModel network = new NetworkModel(FlowCompiler.ovsHosts(), Network.empty(),
            SubnetPool.defaults(), new InMemoryStore(), programmer);
    private final PolicyIds ids = new PolicyIds(network.network());
    private final PolicyService policies = new PolicyService(network, ids);
    private final GroupService groups = new GroupService(network, ids, StoredState.empty());
    private final EgressService egress = new EgressService(network, ids, StoredState.empty());
    private final SettleGate settle = new SettleGate(List.of(), Duration.ofSeconds(1), programmer::releaseReconciles);
    private final TopologyService topology = new TopologyService(network, settle);
    private final FirewallService firewalls = new FirewallService(network, StoredState.empty(), new FirewallDevices(),
            programmer::hostOf);
    private final AppnetApi api = new AppnetApi(policies, groups, egress, firewalls,
            new StatusService(network, policies, egress, topology, programmer, switches), topology,
            new JwtTokenVerifier(List.of(uaa.publicKey()), Clock.systemUTC()), 2);
    private final String token = uaa.token("ops", List.of("network.admin"), Instant.now().plusSeconds(3600));
    private final String writer = uaa.token("dev", List.of("network.write"), List.of("web", "api"),
            Instant.now().plusSeconds(3600));

    @AfterEach
    void close() {
        settle.close();
        programmer.close();
    }

    private HttpResponse call(String method, String path, Map<String, String> query, String body) {
        return callAs(token, method, path, body == null ? null : body, query);
    }

    private HttpResponse callAs(String bearer, String method, String path, String body, Map<String, String> query) {
        return api.handle(HttpRequest.of(method, path, query, Map.of("authorization", "Bearer " + bearer),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String icmp(String source, String destination) {
        return "{\"source\": {\"id\": \"" + source + "\"}, \"destination\": {\"id\": \"" + destination
                + "\", \"protocol\": \"icmp\"}}";
    }

    @Test
    void aWriteTokenSeesNoTopologyAndOnlyThePoliciesOfItsOwnApps() {
        HttpResponse adminOnly = HttpResponse.error(403,
                "provided scopes [network.write] do not include allowed scopes [network.admin]");
        for (String path : List.of("/hosts", "/switches", "/instances", "/counters", "/trace")) {
            assertThat(callAs(writer, "GET", "/appnet/v1" + path, null, Map.of())).as(path).isEqualTo(adminOnly);
        }
        call("POST", "/appnet/v1/policies", Map.of(), "{\"policies\": [" + icmp("web", "api") + ", "
                + icmp("db", "api") + "]}");
        assertThat(callAs(writer, "GET", "/appnet/v1/policies", null, Map.of()).body())
                .isEqualTo("{\"policies\":[{\"id\":1,\"source\":\"web\",\"destination\":\"api\",\"protocol\":\"icmp\","
                        + "\"ports\":null}]}");
        assertThat(callAs(writer, "POST", "/appnet/v1/policies/delete", "{\"policies\": [" + icmp("db", "api") + "]}",
                Map.of())).isEqualTo(HttpResponse.error(403, "one or more applications cannot be found or accessed"));
        assertThat(policies.countFrom("db")).isEqualTo(1);
    }

    @Test
    void forgettingAHostNeedsItsIdAsAString() {
        String path = "/appnet/v1/hosts/forget";
        assertThat(call("POST", path, Map.of(), "{\"host\": 5}")).isEqualTo(HttpResponse.error(400,
                "unmarshal json: host must be a string, not number"));
        assertThat(call("POST", path, Map.of(), "{}")).isEqualTo(HttpResponse.error(400,
                "missing host: send {\"host\": \"<host id>\"}"));
        HttpResponse malformed = call("POST", path, Map.of(), "{\"host\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).startsWith("{\"error\": \"unmarshal json: ").doesNotContain("Source");
    }

    @Test
    void aWriteTokenIsHeldToTheQuotaHereToo() {
        String two = "{\"policies\": [" + icmp("web", "api") + ", " + icmp("web", "web") + "]}";
        assertThat(callAs(writer, "POST", "/appnet/v1/policies", two, Map.of()).status()).isEqualTo(200);
        assertThat(callAs(writer, "POST", "/appnet/v1/policies", "{\"policies\": [" + icmp("api", "web") + ", "
                + icmp("web", "web").replace("icmp", "all") + "]}", Map.of()))
                .isEqualTo(HttpResponse.error(403, "policy quota exceeded (2 per source app)"));
        assertThat(policies.countFrom("web")).isEqualTo(2);
        assertThat(policies.countFrom("api")).as("all or nothing").isZero();
    }

    @Test
    void policiesMayUseIcmpAndAllWithoutPorts() {
        String body = "{\"policies\": [{\"source\": {\"id\": \"web\"}, \"destination\": {\"id\": \"api\", \"protocol\":"
                + " \"icmp\"}}, {\"source\": {\"id\": \"web\"}, \"destination\": {\"id\": \"db\", \"protocol\": \"tcp\","
                + " \"ports\": {\"start\": 5432, \"end\": 5432}}}]}";
        HttpResponse created = call("POST", "/appnet/v1/policies", Map.of(), body);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body()).isEqualTo("{}");
        assertThat(created.headers()).containsKey("Server-Timing");

        assertThat(call("GET", "/appnet/v1/policies", Map.of(), null).body()).isEqualTo("{\"policies\":["
                + "{\"id\":1,\"source\":\"web\",\"destination\":\"api\",\"protocol\":\"icmp\",\"ports\":null},"
                + "{\"id\":2,\"source\":\"web\",\"destination\":\"db\",\"protocol\":\"tcp\","
                + "\"ports\":{\"start\":5432,\"end\":5432}}]}");
        assertThat(call("POST", "/appnet/v1/policies/delete", Map.of(), body).status()).isEqualTo(200);
        assertThat(call("GET", "/appnet/v1/policies", Map.of(), null).body()).isEqualTo("{\"policies\":[]}");
    }

    @Test
    void instancesAndATraceComeFromTheCompiledModel() {
        network.apply(List.of(Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
                Change.putHost(Host.of("h2", "192.168.0.2", "10.255.2.0/24", 1)),
                Change.addInstance("h1/web", "web", "h1", 2, "10.255.1.10", "02:00:00:00:01:0a"),
                Change.addInstance("h2/api", "api", "h2", 2, "10.255.2.10", "02:00:00:00:02:0a")), StoreWrite.none());
        call("POST", "/appnet/v1/policies", Map.of(), "{\"policies\": [{\"source\": {\"id\": \"web\"}, \"destination\":"
                + " {\"id\": \"api\", \"protocol\": \"tcp\", \"ports\": {\"start\": 8080, \"end\": 8080}}}]}");

        assertThat(call("GET", "/appnet/v1/instances", Map.of(), null).body()).contains(
                "{\"id\":\"h1/web\",\"app\":\"web\",\"app_id\":1,\"host\":\"h1\",\"port\":2,\"ip\":\"10.255.1.10\"");
        HttpResponse allowed = call("GET", "/appnet/v1/trace",
                Map.of("source", "web", "destination", "10.255.2.10", "protocol", "tcp", "port", "8080"), null);
        assertThat(allowed.body()).startsWith("{\"delivered\":true,\"verdict\":\"delivered to instance h2/api on host h2 port 2\"");
        HttpResponse denied = call("GET", "/appnet/v1/trace",
                Map.of("source", "web", "destination", "10.255.2.10", "protocol", "udp", "port", "8080"), null);
        assertThat(denied.body()).startsWith("{\"delivered\":false,\"verdict\":\"dropped: ");
    }

    @Test
    void badQueriesAreClearAndAuthenticationIsPolicyServers() {
        assertThat(call("GET", "/appnet/v1/trace", Map.of("source", "web"), null))
                .isEqualTo(HttpResponse.error(400, "missing query parameter 'destination'"));
        assertThat(call("GET", "/appnet/v1/trace", Map.of("source", "web", "destination", "10.1.1.1", "protocol",
                "sctp"), null)).isEqualTo(HttpResponse.error(400,
                        "unknown protocol 'sctp': expected tcp, udp, icmp or all"));
        assertThat(call("GET", "/appnet/v1/hosts", Map.of(), null).body()).isEqualTo("{\"hosts\":[]}");
        assertThat(call("GET", "/appnet/v1/nothing", Map.of(), null).status()).isEqualTo(404);
        HttpResponse anonymous = api.handle(HttpRequest.of("GET", "/appnet/v1/hosts", Map.of(), Map.of(), new byte[0]));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers()).containsEntry("WWW-Authenticate", "Bearer");
    }
}
