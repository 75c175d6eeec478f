package io.appnet.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.controller.topology.HostStatus;
import io.appnet.ovs.harness.LabHost;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A joining host's Manager and br-int Controller rows that point at the controller get max_backoff=1000 and
 * inactivity_probe=5000 (so a restarted controller has every host back within about a second); rows of another
 * manager or controller on the same host keep what the host set.
 */
@Tag("ovs")
class ReconnectTuningOvsTest {
    private ControllerLab lab;

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theControllersOwnRowsGetItsBackoffAndProbeAndOtherRowsAreLeftAlone() throws Exception {
        lab = ControllerLab.start("psr", 1, 0);
        LabHost h1 = lab.host("h1");
        lab.join(h1);
        String ours = h1.vsctl("get-manager").strip();
        String oursController = h1.vsctl("get-controller", "br-int").strip();
        String other = "tcp:192.0.2.1:6640";
        String otherController = "tcp:192.0.2.1:6653";
        lab.awaitJoined(h1);
        // Rows of another manager and controller beside ours. ovs-vsctl recreates every row (without our settings)
        // but keeps a live connection whose target stays, so ours are dropped first: each comes back as a new
        // connection, which the controller tunes anew (its OVSDB session; br-int's OpenFlow connection).
        h1.vsctl("set-controller", "br-int", otherController);
        h1.vsctl("set-manager", other);
        ControllerLab.await(Duration.ofSeconds(10), () -> !lab.inSync("h1") && !lab.controller().topology()
                .host("h1").map(HostStatus::connected).orElse(true), () -> "h1's sessions dropped");
        h1.vsctl("set-manager", ours, other);
        h1.vsctl("set-controller", "br-int", oursController, otherController);
        lab.awaitJoined(h1);

        ControllerLab.await(Duration.ofSeconds(10), () -> field(h1, "manager", ours, "max_backoff").equals("1000")
                        && field(h1, "controller", oursController, "max_backoff").equals("1000"),
                () -> "max_backoff set on " + ours + " and " + oursController + ": "
                        + h1.vsctl("list", "manager") + h1.vsctl("list", "controller"));
        assertThat(field(h1, "manager", ours, "inactivity_probe")).isEqualTo("5000");
        assertThat(field(h1, "controller", oursController, "inactivity_probe")).isEqualTo("5000");
        assertThat(field(h1, "manager", other, "max_backoff")).as("another manager's row").isEqualTo("[]");
        assertThat(field(h1, "controller", otherController, "max_backoff")).as("another controller's row")
                .isEqualTo("[]");
    }

    /** One column of the row whose target is {@code target}, as {@code ovs-vsctl get} prints it. */
    private static String field(LabHost host, String table, String target, String column) {
        String uuid = host.vsctl("--bare", "--columns=_uuid", "find", table, "target=\"" + target + "\"").strip();
        return host.vsctl("get", table, uuid, column).strip();
    }
}
