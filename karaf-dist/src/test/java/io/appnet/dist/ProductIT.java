package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.ovs.harness.BackgroundProcess;
import io.appnet.ovs.harness.ContainerSpec;
import io.appnet.ovs.harness.ControllerEndpoint;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The product as an operator runs it: the built distribution, two OVS hosts joined by the host contract, a
 * policy added through the REST API that shows in the shell and opens real connections, a restart of the
 * distribution under traffic that loses nothing and forgets nothing, and a removal through the shell that
 * closes the connection.
 */
@Tag("ovs")
class ProductIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String POLICY = "{\"policies\": [{\"source\": {\"id\": \"web\"}, \"destination\": "
            + "{\"id\": \"api\", \"protocol\": \"tcp\", \"ports\": {\"start\": 8080, \"end\": 8080}}}]}";

    @Test
    void restAddsShellShowsRestartKeepsEverythingAndShellRemoves() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "product")) {
            karaf.start();
            karaf.awaitOpenflowPort(DistributionBootIT.BOOT_TIMEOUT);
            ApiClient api = new ApiClient(karaf);
            api.awaitHealthy();
            try (Lab lab = Lab.start(LabSpec.of("kprod", 2)
                    .withController(ControllerEndpoint.rootNamespace(karaf.openflowPort(), karaf.ovsdbPort())
                    .withTls(karaf.pki())))) {
                String h1Subnet = awaitLease(lab.host("h1"));
                String h2Subnet = awaitLease(lab.host("h2"));
                LabContainer web = container(lab.host("h1"), "web", h1Subnet);
                LabContainer api2 = container(lab.host("h2"), "api", h2Subnet);
                api2.startTcpEcho(8080);
                await(() -> karaf.shell("appnet:app-list").contains("h2/c-api"), "the instances are known");

                String admin = api.adminToken();
                assertThat(api.send("POST", "/networking/v1/external/policies", admin, POLICY).body()).isEqualTo("{}");
                assertThat(karaf.shell("appnet:policy-list")).contains("web", "api", "tcp", "8080");
                assertThat(karaf.shell("appnet:policy-add web api icmp")).contains("added: web -> api icmp");
                await(() -> web.tcpExchange(api2.ip(), 8080, "hi", Duration.ofSeconds(2)).orElse("").equals("hi"),
                        "web reaches api on tcp/8080");
                assertThat(web.tcpConnect(api2.ip(), 9090, Duration.ofMillis(700))).as("other ports stay closed")
                        .isFalse();
                assertThat(karaf.shell("appnet:trace web " + api2.ip() + " tcp 8080"))
                        .contains("delivered to instance h2/c-api on host h2");
                assertThat(karaf.shell("appnet:trace web " + api2.ip() + " tcp 9090")).contains("dropped: ");
                assertThat(karaf.shell("appnet:flows h2")).contains("cookie=0xa", "flows on the switch, +0 -0 ~0");
                String stats = karaf.shell("appnet:stats");
                assertThat(stats.lines().filter(line -> line.contains("web -> api tcp/8080")))
                        .as("the policy counted the exchanged packets: %s", stats).singleElement().asString()
                        .doesNotContainPattern("\\|\\s+0\\s+\\|\\s+0\\s*$");
                assertThat(stats).contains("no_policy", "from 2 of 2 switches");
                String appsBefore = karaf.shell("appnet:app-list");
                String hostsBefore = karaf.shell("appnet:host-list");

                // -w: with a deadline ping waits for every answer; without one it gives up two round trips after
                // its last request, and a last reply late under load counted as lost (CI)
                try (BackgroundProcess stream = web.startTcpStream(api2.ip(), 8080, Duration.ofMillis(20));
                     BackgroundProcess ping = web.startBackground("ping", "ping", "-n", "-q", "-i", "0.01", "-c",
                             "1500", "-w", "55", api2.ip())) {
                    karaf.stop();
                    karaf.start();
                    karaf.awaitOpenflowPort(DistributionBootIT.BOOT_TIMEOUT);
                    api.awaitHealthy();
                    await(() -> karaf.shell("appnet:host-list").contains("IN_SYNC")
                            && karaf.shell("appnet:host-list").lines().filter(l -> l.contains("IN_SYNC")).count() == 2,
                            "both switches reconciled by the restarted distribution");
                    ping.awaitOutput("packets transmitted", Duration.ofSeconds(60));
                    Matcher counts = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(ping.output());
                    assertThat(counts.find()).isTrue();
                    assertThat(counts.group(2)).as("every ping across the restart answered: %s", ping.output())
                            .isEqualTo(counts.group(1));
                    assertThat(stream.output()).as("the TCP stream lives on").doesNotContain("ended");
                }
                assertThat(karaf.shell("appnet:policy-list")).contains("8080", "icmp");
                assertThat(karaf.shell("appnet:app-list")).as("app IDs and instances are back")
                        .isEqualTo(appsBefore);
                assertThat(karaf.shell("appnet:host-list")).as("leases are back").contains(h1Subnet, h2Subnet);
                assertThat(hostsBefore).contains(h1Subnet, h2Subnet);

                try (BackgroundProcess stream = web.startTcpStream(api2.ip(), 8080, Duration.ofMillis(20))) {
                    await(() -> stream.output().contains("echo 10 "), "a stream runs");
                    assertThat(karaf.shell("appnet:policy-remove web api tcp 8080")).contains("removed");
                    Thread.sleep(1500);
                    long before = stream.output().lines().filter(l -> l.startsWith("echo ")).count();
                    Thread.sleep(1000);
                    assertThat(stream.output().lines().filter(l -> l.startsWith("echo ")).count())
                            .as("the established connection is cut").isEqualTo(before);
                }
                assertThat(web.tcpConnect(api2.ip(), 8080, Duration.ofMillis(700))).isFalse();
            }
            assertThat(karaf.logLines()).filteredOn(l -> l.contains("| ERROR |")).isEmpty();
        }
    }

    private static LabContainer container(LabHost host, String app, String subnet) {
        String network = subnet.substring(0, subnet.lastIndexOf('.'));
        return host.addContainer(ContainerSpec.of(app, app, network + ".10/24", network + ".1"));
    }

    private static String awaitLease(LabHost host) throws Exception {
        String[] lease = {""};
        await(() -> {
            lease[0] = host.vsctl("--if-exists", "get", "open_vswitch", ".", "external_ids:appnet-subnet").strip()
                    .replace("\"", "");
            return !lease[0].isEmpty();
        }, "host " + host.name() + " gets its lease");
        return lease[0];
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(200);
        }
    }
}
