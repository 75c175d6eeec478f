package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Network;
import io.appnet.controller.egress.DestinationSpec;
import io.appnet.controller.egress.EgressPolicySpec;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.controller.firewall.FirewallService;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.OfflineModels;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.policy.PolicySpec;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /appnet/v1/app-ids}: GUID, app ID, VNI, per-app NAT address; ETag, If-None-Match, long poll. */
class AppIdsApiTest {
    private final Tokens uaa = new Tokens();
    private final NetworkModel network = OfflineModels.of(Network.empty().apply(Change.configureEgress(
            EgressSettings.of("10.255.0.0/16", List.of("203.0.113.1-203.0.113.2"), "per-app"))), new InMemoryStore());
    private final PolicyIds ids = new PolicyIds(network.network());
    private final PolicyService policies = new PolicyService(network, ids);
    private final EgressService egress = new EgressService(network, ids, StoredState.empty());
    private final SettleGate settle = new SettleGate(List.of(), Duration.ofSeconds(1), () -> { });
    private final TopologyService topology = new TopologyService(network, settle);
    private final AppnetApi api = new AppnetApi(policies, new GroupService(network, ids, StoredState.empty()), egress,
            new FirewallService(network, StoredState.empty(), new FirewallDevices(), datapath -> java.util.Optional.empty()),
            new StatusService(network, policies, egress, topology, null, new NoSwitches()), topology,
            new JwtTokenVerifier(List.of(uaa.publicKey()), Clock.systemUTC()));
    private final String token = uaa.token("admin", List.of("network.admin"), Instant.now().plusSeconds(3600));

    @AfterEach
    void close() {
        settle.close();
    }

    private HttpResponse get(String etag, String wait) {
        Map<String, String> headers = new HashMap<>(Map.of("authorization", "Bearer " + token));
        if (etag != null) {
            headers.put("if-none-match", etag);
        }
        return api.handle(HttpRequest.of("GET", "/appnet/v1/app-ids", wait == null ? Map.of() : Map.of("wait", wait),
                headers, new byte[0]));
    }

    @Test
    void appsWithIdVniAndNatAddressUnderAnEtagThatChangesWithThem() {
        policies.create(List.of(PolicySpec.parse("web", "db", "tcp", 5432, 5432, false))).join();
        String destination = egress.createDestinations(List.of(new DestinationSpec(null, "ledger", "", List.of(
                DestinationRule.icmp(List.of(IpRange.parse("192.0.2.1", null)), 8, -1)), Set.of()))).value().get(0).id();
        egress.createEgressPolicies(List.of(new EgressPolicySpec("app", "web", destination, null)));
        int web = network.network().appId("web").orElseThrow().value();
        int db = network.network().appId("db").orElseThrow().value();

        HttpResponse first = get(null, null);
        assertThat(first.status()).isEqualTo(200);
        String etag = first.headers().get("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(first.body()).startsWith("{\"apps\":[").contains(
                "{\"guid\":\"db\",\"app_id\":" + db + ",\"vni\":" + db + ",\"type\":\"app\",\"nat_address\":null}",
                "{\"guid\":\"web\",\"app_id\":" + web + ",\"vni\":" + web + ",\"type\":\"app\",\"nat_address\":\"203.0.113.1\"}",
                "{\"guid\":\"" + destination + "\",");

        assertThat(get(etag, null)).isEqualTo(new HttpResponse(304, Map.of("ETag", etag), ""));
        policies.create(List.of(PolicySpec.parse("web", "db", "tcp", 5433, 5433, false))).join();
        assertThat(get(etag, null).status()).as("a policy between known apps changes no app ID").isEqualTo(304);
        policies.create(List.of(PolicySpec.parse("api", "db", "tcp", 5432, 5432, false))).join();
        HttpResponse changed = get(etag, null);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.headers().get("ETag")).isNotEqualTo(etag);
        assertThat(changed.body()).contains("\"guid\":\"api\"");
    }

    @Test
    void aLongPollReturnsOnTheNextChangeOrAfterItsWait() throws Exception {
        String etag = get(null, null).headers().get("ETag");
        long started = System.nanoTime();
        assertThat(get(etag, "1").status()).isEqualTo(304);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms waited").isBetween(950L, 3_000L);

        CompletableFuture<HttpResponse> waiting = CompletableFuture.supplyAsync(() -> get(etag, "30"));
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        long changedAt = System.nanoTime();
        policies.create(List.of(PolicySpec.parse("web", "db", "tcp", 5432, 5432, false))).join();
        HttpResponse answer = waiting.get();
        assertThat((System.nanoTime() - changedAt) / 1_000_000).as("ms from the change to the answer").isLessThan(1_000);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"guid\":\"web\"", "\"guid\":\"db\"");
    }

    @Test
    void aWaitOutside0To60IsA400() {
        for (String wait : List.of("-1", "61", "x", "")) {
            assertThat(get(null, wait)).as(wait).isEqualTo(HttpResponse.error(400,
                    "invalid query parameter 'wait': '" + wait + "' must be 0-60 seconds"));
        }
    }
}
