package io.appnet.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appnet.ovs.harness.ControllerEndpoint;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue 13's REST rows, as a client sees them: the built distribution started as a user starts it, {@code hosts}
 * real OVS hosts joined over mutual TLS, 10 apps per host with one instance each, {@code policies} tcp policies
 * loaded through the REST batch call; then one {@link HttpClient} (HTTP/1.1, one kept-alive connection) times, in
 * rounds after a warm-up, {@code GET /health}, an authenticated {@code GET .../whoami}, and single udp policy adds
 * and deletes ({@code POST /networking/v1/external/policies}, {@code POST .../policies/delete}). A 200 to a change
 * comes after the barrier of every affected switch (docs/rest-api.md), so a change's time here is API call to
 * barrier plus HTTP, token check and JSON; the controller's {@code Server-Timing} header gives the API call to
 * barrier part alone ("change in the controller"). With {@code large > policies}, the same again after loading up to
 * {@code large} policies. A main class, run by the {@code bench-rest} profile; it asserts no time.
 */
final class RestLatencyBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int APPS_PER_HOST = 10;
    private static final int BATCH = 10_000;
    private static final int WARMUP = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String POLICIES = "/networking/v1/external/policies";
    /** The controller's own time for a change: policy service call to every affected switch's barrier. */
    private static final String IN_CONTROLLER = "change in the controller";

    private final int hosts;
    private final int policies;
    private final int large;
    private final int rounds;
    private final int requests;
    private final int apps;
    private final Random random = new Random(13);
    private final StringBuilder report = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private KarafInstance karaf;
    private ApiClient api;
    private String token;

    private RestLatencyBenchmark(int hosts, int policies, int large, int rounds, int requests) {
        this.hosts = hosts;
        this.policies = policies;
        this.large = large;
        this.rounds = rounds;
        this.requests = requests;
        this.apps = hosts * APPS_PER_HOST;
    }

    public static void main(String[] args) {
        RestLatencyBenchmark benchmark = new RestLatencyBenchmark(Integer.getInteger("bench.hosts", 10),
                Integer.getInteger("bench.policies", 10_000), Integer.getInteger("bench.large", 0),
                Integer.getInteger("bench.rounds", 5), Integer.getInteger("bench.requests", 300));
        int status = 0;
        try {
            benchmark.run();
        } catch (Exception | AssertionError failure) {
            failure.printStackTrace();
            status = 1;
        }
        Path file = Path.of("target/rest-latency-benchmark.txt");
        try {
            Files.writeString(file, benchmark.report);
            System.out.println("report written to " + file.toAbsolutePath());
        } catch (IOException e) {
            e.printStackTrace();
        }
        System.exit(status); // the lab and Karaf are closed already; exit even if a client thread lingers
    }

    private void run() throws Exception {
        if (policies % BATCH != 0 || large % BATCH != 0 || policies < BATCH) {
            throw new IllegalArgumentException("bench.policies and bench.large must be multiples of " + BATCH);
        }
        say("started %s, load average %s; %d hosts, %d apps, %d rounds of %d requests per series after %d warm-up",
                Instant.now(), loadAverage(), hosts, apps, rounds, requests, WARMUP);
        try (KarafInstance started = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "restbench")) {
            karaf = started;
            api = new ApiClient(karaf);
            karaf.start();
            karaf.awaitOpenflowPort(DistributionBootIT.BOOT_TIMEOUT);
            api.awaitHealthy();
            token = api.adminToken();
            try (Lab lab = Lab.start(LabSpec.of("krl", hosts).withController(
                    ControllerEndpoint.rootNamespace(karaf.openflowPort(), karaf.ovsdbPort()).withTls(karaf.pki())))) {
                addInstances(lab);
                load(0, policies);
                measure(lab, policies);
                if (large > policies) {
                    load(policies, large);
                    measure(lab, large);
                }
            }
        }
        say("finished %s, load average %s", Instant.now(), loadAverage());
    }

    /** App {@code h<i>-a<j>} runs one instance on host i: an internal port with the contract's external ids. */
    private void addInstances(Lab lab) throws Exception {
        for (LabHost host : lab.hosts()) {
            String[] subnet = {""};
            await(() -> {
                subnet[0] = host.vsctl("--if-exists", "get", "open_vswitch", ".", "external_ids:appnet-subnet")
                        .strip().replace("\"", "");
                return !subnet[0].isEmpty();
            }, host.name() + " gets its lease");
            String network = subnet[0].substring(0, subnet[0].lastIndexOf('.'));
            for (int j = 0; j < APPS_PER_HOST; j++) {
                String port = "i" + j;
                host.vsctl("add-port", "br-int", port, "--", "set", "interface", port, "type=internal",
                        "external_ids:appnet-app-guid=" + host.name() + "-a" + j,
                        "external_ids:appnet-ip=" + network + "." + (10 + j),
                        String.format("external_ids:attached-mac=\"02:00:00:00:%02x:%02x\"",
                                lab.hosts().indexOf(host), j));
            }
        }
        await(() -> get("/appnet/v1/instances").get("instances").size() == apps, apps + " instances known");
        awaitInSync();
        say("%d hosts joined (mutual TLS), %d instances known, every switch in sync", hosts, apps);
    }

    private String app(int index) {
        return "h" + (1 + index / APPS_PER_HOST) + "-a" + index % APPS_PER_HOST;
    }

    /** Policies {@code from..to-1}: policy i is app i % apps -> app (i / apps) % apps, tcp port 1000 + i / apps^2. */
    private void load(int from, int to) throws Exception {
        for (int first = from; first < to; first += BATCH) {
            List<String> batch = new ArrayList<>();
            for (int i = first; i < first + BATCH; i++) {
                int port = 1000 + i / (apps * apps);
                batch.add(policy(app(i % apps), app(i / apps % apps), "tcp", port));
            }
            long started = System.nanoTime();
            expect(send("POST", POLICIES, "{\"policies\": [" + String.join(", ", batch) + "]}"), 200);
            say("batch of %d policies (%d..%d) answered 200 in %.0f ms", BATCH, first, first + BATCH - 1,
                    (System.nanoTime() - started) / 1e6);
        }
        int listed = get(POLICIES).get("total_policies").asInt();
        if (listed != to) {
            throw new AssertionError("the controller lists " + listed + " policies, not " + to);
        }
        awaitInSync();
    }

    private static String policy(String source, String destination, String protocol, int port) {
        return "{\"source\": {\"id\": \"" + source + "\"}, \"destination\": {\"id\": \"" + destination
                + "\", \"protocol\": \"" + protocol + "\", \"ports\": {\"start\": " + port + ", \"end\": " + port + "}}}";
    }

    private void measure(Lab lab, int loaded) throws Exception {
        checkAddReachesTheSwitch(lab);
        Map<String, LatencySeries> warm = series();
        timeRound(warm, WARMUP);
        Map<String, List<Double>> p50s = new LinkedHashMap<>();
        Map<String, List<Double>> p99s = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            Map<String, LatencySeries> measured = series();
            timeRound(measured, requests);
            StringBuilder line = new StringBuilder(String.format("%,d policies, round %d (load %s):", loaded, round,
                    loadAverage()));
            for (LatencySeries series : measured.values()) {
                p50s.computeIfAbsent(series.name(), name -> new ArrayList<>()).add(series.percentile(50));
                p99s.computeIfAbsent(series.name(), name -> new ArrayList<>()).add(series.percentile(99));
                line.append(String.format(" %s p50 %.2f / p99 %.2f ms;", series.name(), series.percentile(50),
                        series.percentile(99)));
            }
            say("%s", line);
        }
        for (String name : p50s.keySet()) {
            say("%,d policies, %d hosts: %-24s p50 %.2f ms, p99 %.2f ms (medians of %d rounds of %d)", loaded, hosts,
                    name, LatencySeries.percentile(p50s.get(name), 50), LatencySeries.percentile(p99s.get(name), 50),
                    rounds, requests);
        }
    }

    private static Map<String, LatencySeries> series() {
        Map<String, LatencySeries> series = new LinkedHashMap<>();
        for (String name : List.of("GET /health", "GET whoami", "POST policy (add)", "POST policies/delete",
                "change (add or delete)", IN_CONTROLLER)) {
            series.put(name, new LatencySeries(name));
        }
        return series;
    }

    /** {@code count} of each, one series after the other so that all see the same load. */
    private void timeRound(Map<String, LatencySeries> series, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            series.get("GET /health").add(timed("GET", "/health", null, false));
        }
        for (int i = 0; i < count; i++) {
            series.get("GET whoami").add(timed("GET", "/networking/v1/external/whoami", null, true));
        }
        for (int i = 0; i < count; i++) {
            String change = singleChange();
            for (String path : List.of(POLICIES, POLICIES + "/delete")) {
                HttpRequest request = request("POST", path, change, true);
                long started = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long nanos = System.nanoTime() - started;
                expect(response, 200);
                series.get(path.equals(POLICIES) ? "POST policy (add)" : "POST policies/delete").add(nanos);
                series.get("change (add or delete)").add(nanos);
                ServerTiming.changeMillis(response)
                        .ifPresent(millis -> series.get(IN_CONTROLLER).add((long) (millis * 1e6)));
            }
        }
        series.values().removeIf(kind -> kind.size() == 0); // a controller that does not send Server-Timing
    }

    /** A udp policy between two random apps (the loaded ones are tcp, so it is always new): one destination host. */
    private String singleChange() {
        return "{\"policies\": [" + policy(app(random.nextInt(apps)), app(random.nextInt(apps)), "udp",
                1 + random.nextInt(65_535)) + "]}";
    }

    /** Once per measurement, untimed: the 200 to an add means the destination's switch holds one flow more. */
    private void checkAddReachesTheSwitch(Lab lab) throws Exception {
        String change = "{\"policies\": [" + policy(app(0), app(apps - 1), "udp", 4242) + "]}";
        LabHost destination = lab.host("h" + hosts);
        long before = flowCount(destination);
        expect(send("POST", POLICIES, change), 200);
        long after = flowCount(destination);
        expect(send("POST", POLICIES + "/delete", change), 200);
        if (after <= before || flowCount(destination) != before) {
            throw new AssertionError("flows on " + destination.name() + ": " + before + " before the add's 200, "
                    + after + " after it, " + flowCount(destination) + " after the delete's 200");
        }
    }

    private static long flowCount(LabHost host) {
        String aggregate = host.ofctl("dump-aggregate", "br-int");
        return Long.parseLong(aggregate.replaceAll("(?s).*flow_count=(\\d+).*", "$1"));
    }

    private long timed(String method, String path, String body, boolean authenticated) throws Exception {
        HttpRequest request = request(method, path, body, authenticated);
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - started;
        expect(response, 200);
        return nanos;
    }

    private HttpRequest request(String method, String path, String body, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + karaf.httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authenticated) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(request(method, path, body, true), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null);
        expect(response, 200);
        return JSON.readTree(response.body());
    }

    private void awaitInSync() throws Exception {
        await(() -> {
            int inSync = 0;
            for (JsonNode host : get("/appnet/v1/hosts").get("hosts")) {
                if (host.get("connected").asBoolean() && "IN_SYNC".equals(host.get("flows").asText())) {
                    inSync++;
                }
            }
            return inSync == hosts;
        }, "every host connected and in sync");
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ", not " + status + ": " + response.body());
        }
    }

    private static void await(Await.Condition condition, String what) throws Exception {
        Await.until(condition, what, WAIT);
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private void say(String format, Object... args) {
        String line = String.format(format, args);
        System.out.println(line);
        report.append(line).append('\n');
    }
}
