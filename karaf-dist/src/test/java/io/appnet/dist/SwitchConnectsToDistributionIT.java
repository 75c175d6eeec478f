package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.ovs.harness.ControllerEndpoint;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Open vSwitch (one simulated host of the lab harness, per the host contract) whose br-int dials the
 * distribution: OVS reports the controller connected, and the controller's log names the switch.
 */
@Tag("ovs")
class SwitchConnectsToDistributionIT {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern DATAPATH_ID = Pattern.compile("\"?([0-9a-f]{16})\"?");

    @Test
    void brIntOfASimulatedHostConnectsAndTheControllerLogsConnectAndDisconnect() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "ovs")) {
            karaf.start();
            karaf.awaitOpenflowPort(DistributionBootIT.BOOT_TIMEOUT);
            ControllerEndpoint openflowOnly = new ControllerEndpoint(
                    Optional.empty(), OptionalInt.of(karaf.openflowPort()), OptionalInt.empty());

            String dpid;
            String from;
            try (Lab lab = Lab.start(LabSpec.of("kdist", 1).withController(openflowOnly))) {
                LabHost host = lab.host("h1");
                dpid = datapathId(host);
                from = host.managementIp();

                assertThat(awaitControllerConnected(host)).as("ovs-vsctl list controller: is_connected").isTrue();
                assertThat(karaf.awaitLogLine("switch " + dpid + " connected", CONNECT_TIMEOUT)).contains(from);
            }
            // Closing the lab kills ovs-vswitchd: its TCP connection ends, so no echo timeout is needed.
            karaf.awaitLogLine("switch " + dpid + " disconnected", CONNECT_TIMEOUT);
            assertThat(karaf.logLines()).filteredOn(l -> l.contains("| ERROR |")).isEmpty();
        }
    }

    private static boolean awaitControllerConnected(LabHost host) throws InterruptedException {
        Instant deadline = Instant.now().plus(CONNECT_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (host.vsctl("--bare", "--columns=is_connected", "list", "controller").strip().equals("true")) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** br-int's datapath id as ovs-vsctl prints it ({@code "0000a6f1c2d3e4f5"}), in the log's form: 16 hex digits. */
    private static String datapathId(LabHost host) {
        String printed = host.vsctl("get", "bridge", "br-int", "datapath_id").strip();
        Matcher matcher = DATAPATH_ID.matcher(printed);
        if (!matcher.matches()) {
            throw new IllegalStateException("unexpected datapath_id: " + printed);
        }
        return matcher.group(1);
    }
}
