package io.appnet.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Network;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyRecord;
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
import io.appnet.fuzz.Corpus;
import io.appnet.fuzz.Fuzzer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The REST handlers ({@link PolicyServerApi}, {@link AppnetApi}) fuzzed from {@code fuzz-corpus/rest}: requests
 * from docs/rest-api.md and the API tests, written as text ({@link RequestText}); half have their body mutated, a
 * quarter their request line and headers, the rest the whole text (one in twenty is marked over the size limit).
 * Half the corpus carries real tokens before mutation, so the token verifier is fuzzed too; the other half gets
 * them after. Whatever the request, against a model with two hosts and two instances and a quota of 2: no
 * exception escapes (the servlet would answer 500), the status is one the API documents, the body is JSON
 * ({@code {"error": "..."}} for an error), a GET or a refused request changes neither the store nor the model, and
 * the store and the model agree on the policies.
 */
class RestApiFuzzProperties {
    private static final Set<Integer> DOCUMENTED_STATUSES = Set.of(200, 400, 401, 403, 404, 406, 503);
    private static final Tokens UAA = new Tokens();
    private static final Instant LATER = Instant.now().plus(Duration.ofDays(1));
    private static final Map<String, String> TOKENS = Map.of(
            "$ADMIN", UAA.token("admin", List.of("network.admin"), LATER),
            "$WRITER", UAA.token("dev", List.of("network.write"), LATER),
            "$NOSCOPE", UAA.token("reader", List.of("cloud_controller.read"), LATER),
            "$EXPIRED", UAA.token("late", List.of("network.admin"), Instant.now().minus(Duration.ofDays(1))),
            "$FORGED", new Tokens().token("admin", List.of("network.admin"), LATER));
    private static final Corpus CORPUS = Corpus.load("rest").plus(" (tokens in)", RestApiFuzzProperties::withTokens);
    private static final List<byte[]> DICTIONARY = Arrays.stream(new String[] {"{", "}", "[", "]", "\"", ",", ":",
            "null", "true", "-1", "0", "65535", "65536", "2147483648", "1e308", "1.5", "\"\\u0000\"", "\"\\ud800\"",
            "\"policies\"", "\"source\"", "\"destination\"", "\"id\"", "\"tag\"", "\"protocol\"", "\"ports\"",
            "\"start\"", "\"end\"", "\"tcp\"", "\"udp\"", "\"icmp\"", "\"all\"", "%", "%zz", "%00", "?", "&", "=",
            ",", "/", "..", "/networking/v1/external", "/appnet/v1", "\n", "\n\n", "authorization: ", "Bearer ",
            "$ADMIN", "$WRITER", "\u00e9", "\ufffd"}).map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
    private static final Fuzzer FUZZER = new Fuzzer(CORPUS, DICTIONARY);

    @Property
    void anyRequestIsAnsweredAsDocumentedAndARefusedOneChangesNothing(@ForAll long seed) {
        try (Api api = new Api()) { // a fresh controller per try: a hundred requests' worth of state at most
            FUZZER.run(seed, draw -> draw.outcome(api.call(request(draw), draw.random().nextInt(20) == 0)));
        }
    }

    /** The corpus as it is, so every input that once found a bug is replayed on every build. */
    @Example
    void everyCorpusEntryIsAnsweredAsDocumented() {
        try (Api api = new Api()) {
            CORPUS.entries().forEach((name, request) ->
                    FUZZER.replay(name, request, draw -> api.call(request(draw), false)));
        }
    }

    @AfterContainer
    static void stopFuzzer() {
        FUZZER.close();
    }

    /**
     * Half the requests have only their body mutated, a quarter only their request line and headers, the rest
     * are mutated whole or are random bytes: a request mutated anywhere mostly stops at the token or the route.
     */
    private static byte[] request(Fuzzer.Draw draw) {
        int choice = draw.random().nextInt(8);
        if (choice == 7) {
            return draw.input();
        }
        byte[] entry = draw.entry();
        if (choice == 6) {
            return draw.mutate(entry);
        }
        int bodyStart = RequestText.bodyStart(entry);
        byte[] head = Arrays.copyOf(entry, bodyStart);
        byte[] body = Arrays.copyOfRange(entry, bodyStart, entry.length);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes(choice < 4 ? head : draw.mutate(head));
        text.writeBytes(choice < 4 ? draw.mutate(body) : body);
        return text.toByteArray();
    }

    private static byte[] withTokens(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> token : TOKENS.entrySet()) {
            text = text.replace(token.getKey(), token.getValue());
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Both APIs on one controller with no switches, as {@code PolicyServerServlet} routes them. */
    private static final class Api implements AutoCloseable {
        private final InMemoryStore store = new InMemoryStore();
        private final NoSwitches switches = new NoSwitches();
        private final NetworkProgrammer programmer = new NetworkProgrammer(switches, Duration.ZERO, false);
        private final NetworkModel network = new NetworkModel(FlowCompiler.ovsHosts(), Network.empty(),
                SubnetPool.defaults(), store, programmer);
        private final PolicyIds ids = new PolicyIds(network.network());
        private final PolicyService policies = new PolicyService(network, ids);
        private final EgressService egress = new EgressService(network, ids, StoredState.empty());
        private final SettleGate settle =
                new SettleGate(List.of(), Duration.ofSeconds(1), programmer::releaseReconciles);
        private final PolicyServerApi policyServer;
        private final AppnetApi appnet;

        Api() {
            network.apply(List.of(Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
                    Change.putHost(Host.of("h2", "192.168.0.2", "10.255.2.0/24", 1)),
                    Change.addInstance("h1/web", "web", "h1", 2, "10.255.1.10", "02:00:00:00:01:0a"),
                    Change.addInstance("h2/api", "api", "h2", 2, "10.255.2.10", "02:00:00:00:02:0a")),
                    StoreWrite.none());
            JwtTokenVerifier tokens = new JwtTokenVerifier(List.of(UAA.publicKey()), Clock.systemUTC());
            policyServer = new PolicyServerApi(policies, egress, network::network, tokens, 2);
            TopologyService topology = new TopologyService(network, settle);
            appnet = new AppnetApi(policies, new GroupService(network, ids, StoredState.empty()), egress,
                    new FirewallService(network, StoredState.empty(), new FirewallDevices(), programmer::hostOf),
                    new StatusService(network, policies, egress, topology, programmer, switches), topology, tokens, 2);
        }

        /** Calls the API and checks the answer; the status, with the method for a 200. */
        String call(byte[] text, boolean bodyTooLarge) {
            HttpRequest request = RequestText.parse(text, TOKENS, bodyTooLarge);
            StoredState storedBefore = store.load();
            Network modelBefore = network.network();
            List<PolicyRecord> listedBefore = policies.list(PolicyFilter.all());

            HttpResponse response = request.path().startsWith(AppnetApi.PREFIX + "/") ? appnet.handle(request)
                    : policyServer.handle(request);

            assertThat(response.status()).as("status").isIn(DOCUMENTED_STATUSES);
            JsonNode body = json(response.body());
            if (response.status() >= 400) {
                assertThat(body.path("error").isTextual()).as("error body %s", response.body()).isTrue();
            }
            if (response.status() != 200 || request.method().equals("GET")) {
                assertThat(store.load()).as("stored state").isEqualTo(storedBefore);
                assertThat(network.network()).as("model").isSameAs(modelBefore);
                assertThat(policies.list(PolicyFilter.all())).as("policies").isEqualTo(listedBefore);
            }
            assertThat(store.load().policies()).as("the store holds what the model lists")
                    .hasSameSizeAs(policies.list(PolicyFilter.all()));
            return response.status() + (response.status() == 200 ? " " + request.method() : "");
        }

        private static JsonNode json(String body) {
            if (body.isEmpty()) { // /health
                return Json.MAPPER.nullNode();
            }
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the body is not JSON: " + body, e);
            }
        }

        @Override
        public void close() {
            settle.close();
            programmer.close();
        }
    }
}
