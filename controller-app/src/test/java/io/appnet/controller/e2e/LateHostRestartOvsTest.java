package io.appnet.controller.e2e;

import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.ALLOWED;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.exchanges;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.topology.HostStatus;
import io.appnet.ovs.harness.BackgroundProcess;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A controller restart while one host cannot reach the controller (issue 13): the other host is reconciled as soon
 * as it has reported, from the stored topology, without waiting for the late host (the lab's settle timeout is
 * 15 s), and that reconcile removes none of its flows towards the late host (its tunnel, by the late host's
 * subnet and underlay address): traffic between them never stops. Two real OVS hosts, web on h1 allowed to api on h2 (tcp/8080, icmp).
 */
@Tag("ovs")
class LateHostRestartOvsTest {
    /** Well inside the lab's 15 s settle timeout, after which every switch would be reconciled anyway. */
    private static final Duration EARLY = Duration.ofSeconds(8);
    private static final Duration REJOIN = Duration.ofSeconds(30);

    private ControllerLab lab;

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aHostIsReconciledBeforeALateHostRejoinsAndKeepsEveryFlowTowardsIt() throws Exception {
        lab = ControllerLab.start("e2o", 2, 2);
        LabContainer web = lab.addContainer("h1", "web1", "web");
        LabContainer api = lab.addContainer("h2", "api1", "api");
        api.startTcpEcho(8080);
        lab.awaitInstances(2);
        lab.controller().policies().create(List.of(tcp("web", "api", 8080),
                PolicySpec.parse("web", "api", "icmp", null, null, true))).join();
        assertThat(exchanges(web, api, 8080, ALLOWED)).as("web -> api before the restart").isTrue();
        LabHost h2 = lab.host("h2");
        Map<String, Double> h1Before = ControllerLifecycleOvsTest.flows(lab.host("h1"));
        // h1 reaches h2's instances by h2's subnet through a tunnel to h2's underlay address, and takes what
        // arrives from it: the flows a reconcile from a model without h2 would delete
        assertThat(h1Before.keySet()).as("h1's tunnel flows towards and from h2")
                .filteredOn(flow -> flow.contains(":" + h2.underlayIp() + "->tun_dst")
                        || flow.contains("tun_src=" + h2.underlayIp() + ","))
                .hasSize(2);

        // -w: with a deadline ping waits for every answer; without one it gives up two round trips after its last
        // request, and a last reply late under load counted as lost (CI). -D -O: every reply, and every request
        // still unanswered when the next goes ("no answer yet"), with its time, to place a loss among the events.
        List<String> events = new ArrayList<>();
        try (BackgroundProcess ping = web.startBackground("ping", "ping", "-n", "-D", "-O", "-i", "0.01", "-c",
                "1000", "-w", "40", api.ip())) {
            events.add(event("controller stopping"));
            lab.stopController();
            events.add(event("controller stopped; h2's management link going down"));
            h2.setManagementLink(false);
            try {
                events.add(event("controller starting"));
                lab.startController();
                ControllerLab.await(EARLY, () -> lab.inSync("h1"), () -> "h1 in sync while h2 is away: "
                        + lab.controller().topology().hosts());
                assertThat(lab.controller().topology().host("h2").map(HostStatus::connected))
                        .as("h2 has not reported").hasValue(false);
                Map<String, Double> h1During = ControllerLifecycleOvsTest.flows(lab.host("h1"));
                assertThat(h1During.keySet()).as("h1's flows while h2 is away").isEqualTo(h1Before.keySet());
                assertThat(lab.lastReconcile("h1"))
                        .as("h1's reconcile").startsWith("+0 -0 ~0 flows, 0 foreign");
                assertThat(exchanges(web, api, 8080, ALLOWED)).as("web -> api while h2 is away").isTrue();
            } finally {
                events.add(event("h2's management link coming up"));
                h2.setManagementLink(true);
            }
            ControllerLab.await(REJOIN, () -> lab.controller().topology().host("h2").orElseThrow().connected()
                    && lab.inSync("h2"), () -> "h2 rejoins: " + lab.controller().topology().host("h2"));
            ping.awaitOutput("packets transmitted", Duration.ofSeconds(45));
            Matcher counts = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(ping.output());
            assertThat(counts.find()).as("ping summary: %s", ping.output()).isTrue();
            events.add(event("h2 rejoined"));
            assertThat(counts.group(2)).as("every ping answered; events %s; ping's lines other than replies: %s",
                    events, ping.output().lines().filter(line -> !line.contains(" bytes from ")).toList())
                    .isEqualTo(counts.group(1));
        }
        assertThat(lab.lastReconcile("h2"))
                .as("h2's reconcile after it rejoined").startsWith("+0 -0 ~0 flows, 0 foreign");
        assertThat(exchanges(web, api, 8080, ALLOWED)).as("web -> api after h2 rejoined").isTrue();
    }

    /** {@code what}, stamped with the time as ping -D stamps its lines (Unix seconds). */
    private static String event(String what) {
        return String.format("[%.6f] %s", System.currentTimeMillis() / 1000.0, what);
    }
}
