package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.controller.firewall.FirewallService;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.programmer.NoSwitches;
import io.appnet.controller.programmer.ReservedDatapaths;
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

/** {@code /appnet/v1/firewalls}: registration, refusals that change nothing, delete, export. */
class FirewallApiTest {
    private static final String FW1 = "{\"name\": \"fw1\", \"datapath_id\": \"00000000000000f1\", \"protected_port\": 1,"
            + " \"platform_port\": 2, \"guards\": [{\"type\": \"app\", \"id\": \"db\"}],"
            + " \"identity\": {\"mode\": \"instance-ip\"}}";

    private final Tokens uaa = new Tokens();
    private final NoSwitches switches = new NoSwitches();
    private final InMemoryStore store = new InMemoryStore();
    private final ReservedDatapaths firewallDatapaths = new ReservedDatapaths();
    private final NetworkProgrammer programmer = new NetworkProgrammer(switches, Duration.ZERO, false,
            firewallDatapaths);
    private final NetworkModel network = new NetworkModel(FlowCompiler.ovsHosts(), Network.empty(),
            SubnetPool.defaults(), store, programmer);
    private final PolicyIds ids = new PolicyIds(network.network());
    private final PolicyService policies = new PolicyService(network, ids);
    private final EgressService egress = new EgressService(network, ids, StoredState.empty());
    private final SettleGate settle = new SettleGate(List.of(), Duration.ofSeconds(1), programmer::releaseReconciles);
    private final TopologyService topology = new TopologyService(network, settle);
    private final FirewallService firewalls = new FirewallService(network, StoredState.empty(), new FirewallDevices(),
            programmer::hostOf, firewallDatapaths);
    private final AppnetApi api = new AppnetApi(policies, new GroupService(network, ids, StoredState.empty()), egress,
            firewalls, new StatusService(network, policies, egress, topology, programmer, switches), topology,
            new JwtTokenVerifier(List.of(uaa.publicKey()), Clock.systemUTC()));
    private final String admin = uaa.token("ops", List.of("network.admin"), Instant.now().plusSeconds(3600));

    @AfterEach
    void close() {
        settle.close();
        programmer.close();
    }

    private HttpResponse call(String method, String path, String body, Map<String, String> query) {
        return callAs(admin, method, path, body, query);
    }

    private HttpResponse callAs(String token, String method, String path, String body, Map<String, String> query) {
        return api.handle(HttpRequest.of(method, "/appnet/v1" + path, query, Map.of("authorization", "Bearer " + token),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
    }

    private void webMayReachDb() {
        network.apply(List.of(Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
                Change.putHost(Host.of("h2", "192.168.0.2", "10.255.2.0/24", 1)),
                Change.addInstance("h1/web", "web", "h1", 2, "10.255.1.10", "02:00:00:00:01:0a"),
                Change.addInstance("h1/api", "api", "h1", 3, "10.255.1.11", "02:00:00:00:01:0b"),
                Change.addInstance("h2/db", "db", "h2", 2, "10.255.2.10", "02:00:00:00:02:0a")), StoreWrite.none());
        policies.create(List.of(PolicySpec.parse("web", "db", "tcp", 5432, 5432, false))).join();
    }

    @Test
    void aRegistrationIsStoredListedAndDeleted() {
        HttpResponse created = call("POST", "/firewalls", FW1, Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"name\":\"fw1\"", "\"datapath_id\":\"00000000000000f1\"",
                "\"mode\":\"instance-ip\"", "\"state\":\"never connected\"");
        assertThat(store.load().firewalls()).hasSize(1);
        assertThat(store.load().firewalls().get(0).datapathId()).isEqualTo(0xf1);

        assertThat(call("GET", "/firewalls", null, Map.of()).body()).contains("\"firewalls\":[{\"name\":\"fw1\"");
        assertThat(call("GET", "/firewalls/fw1", null, Map.of()).status()).isEqualTo(200);

        String replaced = FW1.replace("instance-ip\"}", "nat\", \"addresses\": {\"web\": \"198.18.0.10\"}}")
                .replace("}]", "}], \"budget\": {\"tables\": 1, \"max_entries\": 100},"
                        + " \"deploy\": \"make-before-break\"");
        HttpResponse replacedAnswer = call("POST", "/firewalls", replaced, Map.of());
        assertThat(replacedAnswer.status()).as(replacedAnswer.body()).isEqualTo(200);
        assertThat(replacedAnswer.body()).contains("\"addresses\":{\"web\":\"198.18.0.10\"}",
                "\"budget\":{\"tables\":1,\"max_entries\":100}", "\"deploy\":\"make-before-break\"");
        assertThat(store.load().firewalls().get(0).identity()).isEqualTo("nat");
        assertThat(store.load().firewalls().get(0).deploy()).isEqualTo("make-before-break");

        assertThat(call("DELETE", "/firewalls/fw1", null, Map.of()).status()).isEqualTo(200);
        assertThat(store.load().firewalls()).isEmpty();
        assertThat(call("DELETE", "/firewalls/fw1", null, Map.of()))
                .isEqualTo(HttpResponse.error(404, "firewall 'fw1' is not registered"));
    }

    @Test
    void badRegistrationsAre400sNamingTheFieldAndChangeNothing() {
        assertThat(call("POST", "/firewalls", FW1, Map.of()).status()).isEqualTo(200);
        StoredState before = store.load();
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("{", "unmarshal json: ");
        refusals.put("[]", "unmarshal json: the body is not a JSON object");
        refusals.put(FW1.replace("\"name\": \"fw1\", ", ""), "name: missing");
        refusals.put(FW1.replace("fw1", "bad name"), "name: 'bad name' must be 1-63 letters, digits, '.', '_' or '-'");
        refusals.put(FW1.replace("00000000000000f1", "xyz"), "datapath_id: '\"xyz\"' is not 1-16 hex digits");
        refusals.put(FW1.replace("00000000000000f1", "0"), "datapath_id: 0 is not a datapath ID");
        refusals.put(FW1.replace("\"platform_port\": 2", "\"platform_port\": 1"),
                "platform_port: 1 is also the protected_port");
        refusals.put(FW1.replace("\"protected_port\": 1", "\"protected_port\": \"one\""),
                "protected_port: '\"one\"' is not an OpenFlow port number");
        refusals.put(FW1.replace("\"protected_port\": 1", "\"protected_port\": 0"), "protected_port: 0 is outside 1..4294967040");
        refusals.put(FW1.replace("[{\"type\": \"app\", \"id\": \"db\"}]", "[]"), "guards: a list of at least one");
        refusals.put(FW1.replace("\"type\": \"app\"", "\"type\": \"host\""), "guards[0].type: must be app or destination");
        refusals.put(FW1.replace("\"type\": \"app\"", "\"type\": \"destination\""), "guards: destination 'db' is not known");
        refusals.put(FW1.replace("\"id\": \"db\"", "\"id\": \"d b\""), "guards: 'd b' is not an app GUID");
        refusals.put(FW1.replace("instance-ip", "gbp"), "identity.mode: 'gbp'; must be nat, instance-ip or vxlan");
        refusals.put(FW1.replace("instance-ip\"", "nat\""), "identity.addresses: missing (an object)");
        refusals.put(FW1.replace("instance-ip\"", "nat\", \"addresses\": {\"web\": \"10.0.0\"}"),
                "identity.addresses[web]: '10.0.0' is not an IPv4 address (a.b.c.d)");
        refusals.put(FW1.replace("instance-ip\"", "vxlan\", \"tunnel_ports\": {}"),
                "identity.tunnel_ports: a vxlan firewall needs a tunnel port per host");
        refusals.put(FW1.replace("}}", "}, \"budget\": {\"tables\": 0}}"), "budget.tables: 0 is outside 1..255");
        refusals.put(FW1.replace("}}", "}, \"budget\": {\"max_entries\": \"many\"}}"),
                "budget.max_entries: '\"many\"' is not a whole number");
        refusals.put(FW1.replace("}}", "}, \"deploy\": \"bundle\"}"), "deploy: 'bundle' must be auto or make-before-break");
        refusals.put(FW1.replace("}}", "}, \"deploy\": 1}"), "deploy: '1' must be auto or make-before-break");
        refusals.put(FW1.replace("fw1", "fw2"), "datapath_id: 00000000000000f1 is already firewall 'fw1'");
        refusals.forEach((body, message) -> {
            HttpResponse answer = call("POST", "/firewalls", body, Map.of());
            assertThat(answer.status()).as(body + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.body()).as(body).contains(Json.quote(message).replaceAll("\"$", "").substring(1));
        });
        assertThat(store.load()).isEqualTo(before);
        assertThat(firewalls.firewalls()).hasSize(1);
    }

    @Test
    void aDatapathIdIsAHostsBridgeOrAFirewallNeverBoth() {
        network.apply(List.of(Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
                Change.putHost(Host.of("h2", "192.168.0.2", "10.255.2.0/24", 1))), StoreWrite.none());
        assertThat(call("POST", "/firewalls", FW1, Map.of()).status()).isEqualTo(200);
        assertThatThrownBy(() -> network.bind(HostId.of("h1"), 0xf1)).as("a host whose br-int is a firewall's")
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("switch f1 is registered as firewall 'fw1'; not bound to host h1");
        assertThat(programmer.hostOf(0xf1)).isEmpty();

        HttpResponse moved = call("POST", "/firewalls", FW1.replace("00000000000000f1", "00000000000000f2"), Map.of());
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        network.bind(HostId.of("h1"), 0xf1).join(); // released by the move
        assertThat(programmer.hostOf(0xf1)).contains(HostId.of("h1"));
        StoredState before = store.load();
        HttpResponse refused = call("POST", "/firewalls", FW1, Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("datapath_id: 00000000000000f1 is the switch of host h1, not a firewall");
        assertThat(store.load()).isEqualTo(before);
        assertThat(firewalls.find("fw1").orElseThrow().datapathId()).isEqualTo(0xf2);

        assertThat(call("DELETE", "/firewalls/fw1", null, Map.of()).status()).isEqualTo(200);
        network.bind(HostId.of("h2"), 0xf2).join(); // released by the delete
        assertThat(programmer.hostOf(0xf2)).contains(HostId.of("h2"));
    }

    @Test
    void onlyAdminsMayTouchFirewalls() {
        String writer = uaa.token("dev", List.of("network.write"), List.of("web"), Instant.now().plusSeconds(3600));
        HttpResponse refused = callAs(writer, "POST", "/firewalls", FW1, Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(callAs(writer, "GET", "/firewalls", null, Map.of()).status()).isEqualTo(403);
        assertThat(store.load().firewalls()).isEmpty();
    }

    @Test
    void theExportIsTheRulesInOfctlOrJsonAndARefusalWhenTheyDoNotFit() {
        webMayReachDb();
        assertThat(call("POST", "/firewalls", FW1, Map.of()).status()).isEqualTo(200);

        HttpResponse ofctl = call("GET", "/firewalls/fw1/export", null, Map.of());
        assertThat(ofctl.status()).isEqualTo(200);
        assertThat(ofctl.headers()).containsEntry("Content-Type", "text/plain; charset=utf-8");
        assertThat(ofctl.body()).contains("in_port=2", "nw_src=10.255.1.10", "write_metadata:", "goto_table:1",
                "tp_dst=5432", "actions=output:1").doesNotContain("10.255.1.11", "reg", "ct_", "conjunction", "resubmit");
        assertThat(ofctl.body()).isEqualTo(firewalls.compile("fw1") instanceof io.appnet.compiler.firewall.FirewallRules
                rules ? rules.ofctl() : "not rules");

        HttpResponse json = call("GET", "/firewalls/fw1/export", null, Map.of("format", "json"));
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.body()).startsWith("{\"firewall\":\"fw1\",\"datapath_id\":\"0xf1\"").contains("\"write_metadata\"");
        assertThat(call("GET", "/firewalls/fw1/export", null, Map.of("format", "xml")))
                .isEqualTo(HttpResponse.error(400, "format: 'xml' must be ofctl or json"));
        assertThat(call("GET", "/firewalls/nope/export", null, Map.of()).status()).isEqualTo(404);

        assertThat(call("POST", "/firewalls", FW1.replace("}}", "}, \"budget\": {\"max_entries\": 2}}"), Map.of())
                .status()).isEqualTo(200);
        HttpResponse refusal = call("GET", "/firewalls/fw1/export", null, Map.of());
        assertThat(refusal.status()).isEqualTo(409);
        assertThat(refusal.body()).contains("firewall fw1: the policy does not fit; nothing deployed",
                "table 0: needs 3 entries, has 2", "table 1: needs 3 entries, has 2");
    }
}
