package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.ovs.harness.ControllerEndpoint;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Open vSwitch (one simulated host of the lab harness) joins the distribution by the host contract
 * (set-manager and set-controller): the controller leases it a subnet and writes it back, creates its tunnel
 * port, reconciles its br-int, and logs one line for each step.
 */
@Tag("ovs")
class SwitchConnectsToDistributionIT {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern DATAPATH_ID = Pattern.compile("\"?([0-9a-f]{16})\"?");

    @Test
    void aHostJoinsGetsItsLeaseTunnelPortAndFlowsAndTheControllerLogsEachStep() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "ovs")) {
            karaf.start();
            karaf.awaitOpenflowPort(DistributionBootIT.BOOT_TIMEOUT);
            ControllerEndpoint endpoint = ControllerEndpoint.rootNamespace(karaf.openflowPort(), karaf.ovsdbPort())
                    .withTls(karaf.pki());

            String dpid;
            String from;
            try (Lab lab = Lab.start(LabSpec.of("kdist", 1).withController(endpoint))) {
                LabHost host = lab.host("h1");
                dpid = datapathId(host);
                from = host.managementIp();

                assertThat(awaitControllerConnected(host)).as("ovs-vsctl list controller: is_connected").isTrue();
                karaf.awaitLogLine("OVSDB host connected from /" + from, CONNECT_TIMEOUT);
                assertThat(karaf.awaitLogLine("switch " + dpid + " connected", CONNECT_TIMEOUT)).contains(from);
                assertThat(karaf.awaitLogLine("host h1 leased overlay subnet", CONNECT_TIMEOUT))
                        .contains("10.255.0.0/24");
                String shortDpid = Long.toHexString(Long.parseUnsignedLong(dpid, 16));
                assertThat(karaf.awaitLogLine("host h1 (underlay", CONNECT_TIMEOUT)).contains(
                        "host h1 (underlay " + host.underlayIp() + ", subnet 10.255.0.0/24) runs on switch " + shortDpid);
                String reconciled = karaf.awaitLogLine("(host h1) reconciled", CONNECT_TIMEOUT);
                assertThat(reconciled).contains("switch " + shortDpid);
                assertThat(karaf.logLines()).as("one line per connect and per lease")
                        .filteredOn(l -> l.contains("OVSDB host connected from") || l.contains("leased overlay subnet")
                                || l.contains("switch " + dpid + " connected from")).hasSize(3);
                assertThat(host.vsctl("get", "open_vswitch", ".", "external_ids:appnet-subnet").strip())
                        .isEqualTo("\"10.255.0.0/24\"");
                assertThat(host.vsctl("get", "interface", "appnet-vxlan", "type").strip()).isEqualTo("vxlan");
                int flows = host.ofctl("dump-flows", "br-int").lines().filter(l -> l.contains("cookie=0xa")).toList()
                        .size();
                assertThat(flows).as("the host's base tables are installed").isGreaterThan(10);
            }
            // Closing the lab kills ovs-vswitchd: its TCP connection ends, so no echo timeout is needed.
            karaf.awaitLogLine("switch " + dpid + " disconnected", CONNECT_TIMEOUT);
            karaf.awaitLogLine("OVSDB host h1 disconnected", CONNECT_TIMEOUT);
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
