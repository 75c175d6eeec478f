package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.HostId;
import io.appnet.openflow.text.FlowText;
import io.appnet.ovs.harness.ControllerEndpoint;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11's load campaign (profile {@code bench-load}; not part of the normal build): the built distribution,
 * started as a user starts it, with {@code appnet.load.hosts} real hosts (default 100; each its own
 * {@code ovsdb-server} and {@code ovs-vswitchd}, userspace datapath, in its own network namespace, joined over
 * mutual TLS) holding two instances each; a base policy set; then {@code appnet.load.rate} policy changes per
 * second (default 1,000) for {@code appnet.load.seconds} (60) through the policy-server REST API, adds of new
 * policies alternating with deletes of ones added earlier, {@code appnet.load.perRequest} policies in each request
 * (default 1: a request is a change; the policy-server API takes lists, so several make one request), at most
 * {@code appnet.load.inflight} requests (32) open at once, each timed by the client. The rate x seconds changes are
 * all sent: a server that answers slower stretches the time, and the rate achieved is what is reported. Karaf's heap (used after GC) and thread count are sampled every 5 s.
 * At the end every switch's flows must equal a full compile of the network the REST API reports, and the stored
 * policies the ones the client expects. The numbers go to stdout and {@code target/load-campaign.txt}.
 */
@Tag("ovs")
class LoadCampaign {
    private static final int HOSTS = Integer.getInteger("appnet.load.hosts", 100);
    private static final int RATE = Integer.getInteger("appnet.load.rate", 1000);
    private static final int SECONDS = Integer.getInteger("appnet.load.seconds", 60);
    private static final int IN_FLIGHT = Integer.getInteger("appnet.load.inflight", 32);
    private static final int BASE = Integer.getInteger("appnet.load.base", 2000);
    private static final int PER_REQUEST = Integer.getInteger("appnet.load.perRequest", 1);
    /** A policy added during the load is deleted this many changes later (~4 s at 1,000/s): long acknowledged. */
    private static final int LAG = 4000;
    private static final int BASE_PORT = 10_000;
    private static final int LOAD_PORT = 20_000;
    private static final Duration JOIN = Duration.ofMinutes(4);
    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final String POLICIES = "/networking/v1/external/policies";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> report = new ArrayList<>();

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void hostsHoldTheLoadAndEndWithTheirFullCompile() throws Exception {
        assertThat(RATE % PER_REQUEST).as("appnet.load.rate is a multiple of appnet.load.perRequest").isZero();
        Instant began = Instant.now();
        note("load average at start: " + loadAverage());
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "load")) {
            karaf.start();
            karaf.awaitOpenflowPort(DistributionBootIT.BOOT_TIMEOUT);
            ApiClient api = new ApiClient(karaf);
            api.awaitHealthy();
            String admin = api.adminToken();

            long building = System.nanoTime();
            try (Lab lab = Lab.start(LabSpec.of("load", HOSTS).withController(
                    ControllerEndpoint.rootNamespace(karaf.openflowPort(), karaf.ovsdbPort()).withTls(karaf.pki())));
                 JvmSampler jvm = JvmSampler.attach(karaf.jvmPid())) {
                note(String.format("%d hosts built in %.0f s", HOSTS, seconds(building)));
                long joining = System.nanoTime();
                addInstances(lab);
                awaitHosts(api, admin, JOIN, "every host connected, in sync, with its 2 instances");
                note(String.format("all %d hosts joined with %d instances, in sync, %.0f s after the lab was built",
                        HOSTS, 2 * HOSTS, seconds(joining)));
                List<ProcessHandle> daemons = daemons(lab);
                IdleOvs idle = IdleOvs.measure(daemons);
                note("idle Open vSwitch: " + idle);

                long loading = System.nanoTime();
                for (int from = 0; from < BASE; from += 500) {
                    expect200(api.send("POST", POLICIES, admin, body(basePolicies(from, Math.min(BASE, from + 500)))));
                }
                awaitHosts(api, admin, SETTLE, "in sync with the base set");
                note(String.format("base set of %d policies loaded and in sync in %.1f s", BASE, seconds(loading)));

                JvmSampler.Sample before = jvm.afterFullGc();
                note("Karaf before the load (after a full GC): " + before);
                jvm.every(Duration.ofSeconds(5));
                double loadBefore = loadAverage();
                CpuUse cpuBefore = CpuUse.now(karaf.jvmPid(), daemons);
                ChangePlan plan = new ChangePlan(BASE, PER_REQUEST);
                RateDriver.Outcome outcome;
                try (KeepAliveClient client = new KeepAliveClient(karaf.httpPort(), IN_FLIGHT)) {
                    outcome = RateDriver.run(RATE / PER_REQUEST, Duration.ofSeconds(SECONDS), IN_FLIGHT,
                            r -> client.send("POST", plan.isAdd(r) ? POLICIES : POLICIES + "/delete", admin,
                                    body(plan.policies(r))));
                }
                note(String.format("%d policies a request; requests: %s", PER_REQUEST, outcome));
                note(String.format("changes: %.0f/s (%d requests of %d)",
                        outcome.achievedPerSecond() * PER_REQUEST, outcome.sent(), PER_REQUEST));
                note("CPU over the load: " + CpuUse.now(karaf.jvmPid(), daemons).since(cpuBefore,
                        outcome.sent() * PER_REQUEST, idle.cores()));
                note(String.format("load average before / after the load: %.2f / %.2f", loadBefore, loadAverage()));

                long settling = System.nanoTime();
                awaitHosts(api, admin, SETTLE, "every host in sync after the load");
                note(String.format("every host in sync %.1f s after the last answer", seconds(settling)));
                JvmSampler.Sample after = jvm.afterFullGc();
                jvm.samples().forEach(sample -> note("  " + sample));
                note("Karaf after the load (after a full GC): " + after);

                assertThat(outcome.failed()).as("requests that failed").isZero();
                assertThat(outcome.statuses().keySet()).as("statuses").containsOnly(200);
                assertThat(storedPolicies(api, admin)).as("the stored policies are the client's")
                        .isEqualTo(plan.expectedAfter(outcome.sent()));
                assertEveryHostEqualsAFullCompile(lab, api);
            }
        } finally {
            note(String.format("campaign took %.0f s; load average at the end: %.2f",
                    Duration.between(began, Instant.now()).toMillis() / 1000.0, loadAverage()));
            Files.write(Path.of("target/load-campaign.txt"), report);
        }
    }

    /** Two instances a host: app {@code a<h>} and app {@code a<h+1>}, so each app lives on two hosts. */
    private static void addInstances(Lab lab) throws Exception {
        for (LabHost host : lab.hosts()) {
            String subnet = awaitLease(host);
            String network = subnet.substring(0, subnet.lastIndexOf('.'));
            int h = Integer.parseInt(host.name().substring(1));
            List<String> ports = new ArrayList<>(instancePort("c-a", app(h), network + ".10", h, 1));
            ports.addAll(instancePort("c-b", app(h % HOSTS + 1), network + ".11", h, 2));
            host.vsctl(ports.toArray(String[]::new));
        }
    }

    /** An OVS internal port with the host contract's external ids: an instance whose flows need only its port. */
    private static List<String> instancePort(String port, String app, String ip, int host, int index) {
        return List.of("--", "add-port", "br-int", port, "--", "set", "interface", port, "type=internal",
                "external_ids:appnet-app-guid=\"" + app + "\"", "external_ids:appnet-ip=" + ip,
                String.format("external_ids:attached-mac=\"02:00:00:%02x:%02x:%02x\"", host >> 8, host & 0xff, index));
    }

    private static String awaitLease(LabHost host) throws Exception {
        Instant deadline = Instant.now().plus(JOIN);
        while (Instant.now().isBefore(deadline)) {
            String lease = host.vsctl("--if-exists", "get", "open_vswitch", ".", "external_ids:appnet-subnet")
                    .strip().replace("\"", "");
            if (!lease.isEmpty()) {
                return lease;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("host " + host.name() + " got no lease within " + JOIN);
    }

    static String app(int index) {
        return "a" + index;
    }

    /** The number (1-based) of an app other than the one of index {@code source} (0-based), chosen by {@code draw}. */
    private static int other(int source, int draw) {
        return HOSTS == 1 ? 1 : (source + 1 + draw % (HOSTS - 1)) % HOSTS + 1;
    }

    /** Policy i of the base set: tcp to a port of its own, between apps spread over the hosts. */
    private static String basePolicy(int i) {
        return policy(app(i % HOSTS + 1), app(other(i % HOSTS, i * 7 + 3)), BASE_PORT + i);
    }

    private static List<String> basePolicies(int from, int to) {
        List<String> policies = new ArrayList<>();
        for (int i = from; i < to; i++) {
            policies.add(basePolicy(i));
        }
        return policies;
    }

    static String policy(String source, String destination, int port) {
        return "{\"source\": {\"id\": \"" + source + "\"}, \"destination\": {\"id\": \"" + destination
                + "\", \"protocol\": \"tcp\", \"ports\": {\"start\": " + port + ", \"end\": " + port + "}}}";
    }

    private static String body(List<String> policies) {
        return "{\"policies\": [" + String.join(", ", policies) + "]}";
    }

    /**
     * Request r of the load, of {@code perRequest} changes of one kind: even requests add new policies (the load's
     * numbers r/2 x perRequest onwards), odd ones delete the ones added {@link #LAG} changes before, or, in the first
     * {@link #LAG} changes, policies of the base set.
     */
    private record ChangePlan(int base, int perRequest) {
        boolean isAdd(int request) {
            return request % 2 == 0;
        }

        List<String> policies(int request) {
            List<String> policies = new ArrayList<>(perRequest);
            for (int j = 0; j < perRequest; j++) {
                int k = request / 2 * perRequest + j;
                int deleted = k - LAG / 2;
                policies.add(isAdd(request) ? added(k) : deleted >= 0 ? added(deleted) : basePolicy(k));
            }
            return policies;
        }

        private static String added(int k) {
            return LoadCampaign.policy(app(k % HOSTS + 1), app(other(k % HOSTS, k * 13 + 5)), LOAD_PORT + k);
        }

        /** The policies stored after {@code requests} requests, as (source, destination, port) keys. */
        Set<String> expectedAfter(int requests) {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < base; i++) {
                expected.add(key(basePolicy(i)));
            }
            for (int request = 0; request < requests; request++) {
                for (String policy : policies(request)) {
                    if (isAdd(request)) {
                        expected.add(key(policy));
                    } else {
                        expected.remove(key(policy));
                    }
                }
            }
            return expected;
        }

        private static String key(String policy) {
            try {
                JsonNode node = JSON.readTree(policy);
                return node.at("/source/id").asText() + ">" + node.at("/destination/id").asText() + ":"
                        + node.at("/destination/ports/start").asInt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Set<String> storedPolicies(ApiClient api, String token) throws Exception {
        Set<String> stored = new HashSet<>();
        for (JsonNode policy : JSON.readTree(api.send("GET", POLICIES, token, null).body()).get("policies")) {
            stored.add(policy.at("/source/id").asText() + ">" + policy.at("/destination/id").asText() + ":"
                    + policy.at("/destination/ports/start").asInt());
        }
        return stored;
    }

    /** Every switch's flows, read with ovs-ofctl, against the flows a fresh compile gives its host. */
    private void assertEveryHostEqualsAFullCompile(Lab lab, ApiClient api) throws Exception {
        CompiledNetwork compiled = RestNetwork.fullCompile(api);
        long total = 0;
        int fewest = Integer.MAX_VALUE;
        int most = 0;
        List<String> differing = new ArrayList<>();
        for (LabHost host : lab.hosts()) {
            List<String> expected = compiled.tablesOf(HostId.of(host.name())).sortedFlows().stream()
                    .map(FlowEntry::toString).sorted().toList();
            List<String> installed = FlowText.normalizeDump(host.ofctl("dump-flows", "br-int")).stream()
                    // OpenFlow 1.3 dumps print table=0 and the flag; the compiler's text leaves both out
                    .map(line -> line.replace(" reset_counts", "").replace(", table=0, ", ", "))
                    .sorted().toList();
            if (!installed.equals(expected)) {
                differing.add(host.name() + " (" + installed.size() + " installed, " + expected.size() + " compiled)");
            }
            total += installed.size();
            fewest = Math.min(fewest, installed.size());
            most = Math.max(most, installed.size());
        }
        note(String.format("flows: %d switches, %d flows in all (%d-%d a switch); %d differ from a full compile%s",
                lab.hosts().size(), total, fewest, most, differing.size(), differing.isEmpty() ? "" : ": " + differing));
        assertThat(differing).as("switches whose flows differ from a full compile").isEmpty();
    }

    /** Hosts connected, with both instances, switches IN_SYNC; fails with the first that is not after {@code within}. */
    private static void awaitHosts(ApiClient api, String token, Duration within, String what) throws Exception {
        Instant deadline = Instant.now().plus(within);
        String lagging = "";
        while (Instant.now().isBefore(deadline)) {
            JsonNode hosts = JSON.readTree(api.send("GET", "/appnet/v1/hosts", token, null).body()).get("hosts");
            lagging = hosts.size() < HOSTS ? hosts.size() + " of " + HOSTS + " hosts known" : "";
            for (JsonNode host : hosts) {
                if (lagging.isEmpty() && !(host.get("connected").asBoolean()
                        && "IN_SYNC".equals(host.get("flows").asText()) && host.get("instances").asInt() == 2)) {
                    lagging = host.toString();
                }
            }
            if (lagging.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not within " + within + ": " + what + "; e.g. " + lagging);
    }

    private static List<ProcessHandle> daemons(Lab lab) throws Exception {
        List<ProcessHandle> daemons = new ArrayList<>();
        for (LabHost host : lab.hosts()) {
            ProcessHandle.of(host.vswitchdPid()).ifPresent(daemons::add);
            ProcessHandle.of(host.ovsdbServerPid()).ifPresent(daemons::add);
        }
        return daemons;
    }

    /** CPU the hosts' Open vSwitch daemons use while nothing changes, and their resident memory. */
    private record IdleOvs(int daemons, double cores, double residentMib) {
        static IdleOvs measure(List<ProcessHandle> daemons) throws Exception {
            long cpuBefore = cpuNanos(daemons);
            Thread.sleep(10_000);
            double cores = (cpuNanos(daemons) - cpuBefore) / 10e9;
            long rssKib = 0;
            for (ProcessHandle daemon : daemons) {
                for (String line : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rssKib += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            }
            return new IdleOvs(daemons.size(), cores, rssKib / 1024.0);
        }

        @Override
        public String toString() {
            return String.format("%d daemons use %.2f cores (over 10 s) and %.0f MiB resident", daemons, cores,
                    residentMib);
        }
    }

    /**
     * CPU used so far by Karaf, the Open vSwitch daemons and this JVM (the load client), and the machine's busy and
     * total time (/proc/stat, all cores): the difference of two tells where the cores went during the load.
     */
    private record CpuUse(long nanos, long karaf, long daemons, long client, long machineBusy, long machineTotal) {
        static CpuUse now(long karafPid, List<ProcessHandle> daemons) throws Exception {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle and iowait
            return new CpuUse(System.nanoTime(), cpuNanos(ProcessHandle.of(karafPid).stream().toList()),
                    cpuNanos(daemons), cpuNanos(List.of(ProcessHandle.current())), total - idle, total);
        }

        /** Where the cores went since {@code before}; the daemons' cost a change is also given above their idle. */
        String since(CpuUse before, int changes, double idleDaemonCores) {
            double wall = (nanos - before.nanos) / 1e9;
            double cores = Runtime.getRuntime().availableProcessors();
            double busy = (machineBusy - before.machineBusy) / (double) (machineTotal - before.machineTotal) * cores;
            long daemonNanos = daemons - before.daemons;
            return String.format("%.1f s, %.2f cores busy of %.0f; Karaf %s, Open vSwitch daemons %s (%.2f ms a change"
                            + " above their idle), load client %s, the rest %.2f cores", wall, busy, cores,
                    share(karaf - before.karaf, wall, changes), share(daemonNanos, wall, changes),
                    (daemonNanos / 1e9 - idleDaemonCores * wall) * 1e3 / changes,
                    share(client - before.client, wall, changes),
                    busy - (karaf - before.karaf + daemonNanos + client - before.client) / 1e9 / wall);
        }

        private static String share(long cpuNanos, double wall, int changes) {
            return String.format("%.2f cores (%.2f ms a change)", cpuNanos / 1e9 / wall, cpuNanos / 1e6 / changes);
        }
    }

    private static long cpuNanos(List<ProcessHandle> processes) {
        return processes.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /** Also the response of a GET that is not a change; a failure names the body. */
    private static void expect200(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static double loadAverage() throws Exception {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private void note(String line) {
        System.out.println(line);
        report.add(line);
    }
}
