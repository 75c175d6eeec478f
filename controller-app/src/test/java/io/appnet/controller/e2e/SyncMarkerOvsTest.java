package io.appnet.controller.e2e;

import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.ALLOWED;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.exchanges;
import static io.appnet.controller.e2e.PolicyEnforcementOvsTest.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.programmer.SyncMarker;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * A controller stopped gracefully leaves each switch in sync its sync marker, and the next one finds the
 * switches in sync by it, without reading their flows; what someone changed by hand meanwhile is repaired by the
 * audit that follows at once. The first change after the restart takes the marker away.
 */
@Tag("ovs")
class SyncMarkerOvsTest {
    private static final String MARKER_COOKIE = "cookie=0x" + Long.toHexString(SyncMarker.COOKIE) + ",";
    /** The audit follows the rejoin at once: well within this even on a loaded machine. */
    private static final Duration REPAIRED = Duration.ofSeconds(3);

    private ControllerLab lab;

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aRestartFindsTheSwitchesInSyncByTheirMarkerAndRepairsWhatWasChangedMeanwhile() throws Exception {
        lab = ControllerLab.start("smk", 2, 2, Duration.ZERO); // no periodic audit: only the rejoin's repairs
        LabContainer web1 = lab.addContainer("h1", "web1", "web");
        LabContainer api1 = lab.addContainer("h2", "api1", "api");
        api1.startTcpEcho(8080);
        lab.awaitInstances(2);
        lab.controller().policies().create(List.of(tcp("web", "api", 8080))).join();
        assertThat(exchanges(web1, api1, 8080, ALLOWED)).isTrue();
        LabHost h1 = lab.host("h1");
        long digest = lab.controller().programmer().sync(HostId.of("h1")).orElseThrow().programmer().desiredDigest();

        lab.stopController();
        assertThat(h1.ofctl("dump-flows", "br-int", "table=" + SyncMarker.TABLE, "--no-stats").strip())
                .as("the marker Open vSwitch keeps, its digest whole")
                .isEqualTo(MARKER_COOKIE + " table=" + SyncMarker.TABLE + ", priority=0,metadata=0x"
                        + Long.toHexString(digest) + " actions=drop");
        lab.startController();
        for (LabHost host : lab.lab().hosts()) {
            lab.awaitJoined(host);
        }
        for (String host : List.of("h1", "h2")) {
            assertThat(sync(host).rejoinsByMarker()).as("%s in sync by its marker, not by a dump", host).isEqualTo(1);
            assertThat(lab.lastReconcile(host)).as("%s's audit after it", host).startsWith("+0 -0 ~0 flows, 0 foreign");
            lab.assertFlowsEqualFullCompile(host);
        }

        String web1Flow = h1.ofctl("dump-flows", "br-int", "--no-stats").lines()
                .filter(line -> line.contains("=" + web1.ip() + " ") || line.contains("=" + web1.ip() + ","))
                .findFirst().orElseThrow();
        lab.stopController();
        h1.ofctl("del-flows", "br-int", "--strict", deletable(web1Flow));
        lab.startController();
        lab.awaitJoined(h1);
        assertThat(sync("h1").rejoinsByMarker()).as("the marker says nothing of changes by hand").isEqualTo(1);
        ControllerLab.await(REPAIRED, () -> h1.ofctl("dump-flows", "br-int", "--no-stats").contains(
                web1Flow.strip()), () -> "the flow deleted by hand is back");
        assertThat(lab.lastReconcile("h1")).startsWith("+1 -0 ~0 flows, 0 foreign");
        lab.assertFlowsEqualFullCompile("h1");
        assertThat(exchanges(web1, api1, 8080, ALLOWED)).isTrue();

        lab.addContainer("h1", "web2", "web");
        lab.awaitInstances(3);
        assertThat(h1.ofctl("dump-flows", "br-int", "table=" + SyncMarker.TABLE)).as("the first change took it away")
                .doesNotContain(MARKER_COOKIE);
        lab.assertFlowsEqualFullCompile("h1");
    }

    @Test
    void aSwitchWithoutAMarkerIsReconciledInFull() throws Exception {
        lab = ControllerLab.start("smn", 1, 1, Duration.ZERO);
        lab.addContainer("h1", "web1", "web");
        lab.awaitInstances(1);
        LabHost h1 = lab.host("h1");
        lab.stopController();
        h1.ofctl("del-flows", "br-int", "table=" + SyncMarker.TABLE); // as a restarted Open vSwitch would have it
        lab.startController();
        lab.awaitJoined(h1);
        assertThat(sync("h1").rejoinsByMarker()).isZero();
        assertThat(lab.lastReconcile("h1")).startsWith("+0 -0 ~0 flows, 0 foreign");
        lab.assertFlowsEqualFullCompile("h1");
    }

    private SwitchSync sync(String host) {
        return lab.controller().programmer().sync(HostId.of(host)).orElseThrow();
    }

    /** The flow's table, priority and match, as ovs-ofctl --strict del-flows takes them. */
    private static String deletable(String flow) {
        String withoutCookie = flow.strip().replaceFirst("^cookie=[^,]*, ", "");
        return withoutCookie.substring(0, withoutCookie.indexOf(" actions=")).replace(" ", "");
    }
}
