package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An operator's mistakes in etc/io.appnet.controller.cfg, made in the running distribution: each is named in
 * one ERROR line of karaf.log and leaves nothing listening and no store behind; the corrected file starts the
 * controller without a restart of Karaf (store.fsync too).
 */
class BadConfigurationIT {

    private static final Duration REACTION_TIMEOUT = Duration.ofSeconds(30);
    private static final String CONFIG = KarafInstance.CONTROLLER_CONFIG;

    @Test
    void aBadValueOrABusyPortIsNamedNothingListensAndTheFixedFileStartsTheController() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "badcfg")) {
            karaf.configure(CONFIG, "openflow.port", "66x53");
            karaf.start();

            assertThat(karaf.awaitLogLine("the controller is not started", DistributionBootIT.BOOT_TIMEOUT)).contains(
                    "| ERROR |", "etc/io.appnet.controller.cfg is invalid, the controller is not started: "
                            + "openflow.port must be a whole number (For input string: \"66x53\")");
            assertNothingListens(karaf);
            assertThat(karaf.shell("service:list io.appnet.controller.Controller"))
                    .doesNotContain("appnet :: controller");
            assertThat(karaf.home().resolve("data/appnet")).as("no store opened").doesNotExist();

            try (ServerSocket squatter = new ServerSocket()) {
                squatter.bind(new InetSocketAddress("0.0.0.0", karaf.ovsdbPort()));
                karaf.configure(CONFIG, "openflow.port", String.valueOf(karaf.openflowPort()));

                assertThat(karaf.awaitLogLine("the controller could not start", REACTION_TIMEOUT))
                        .contains("| ERROR |", "OpenFlow on 0.0.0.0:" + karaf.openflowPort(),
                                "OVSDB on 0.0.0.0:" + karaf.ovsdbPort(), "nothing is listening");
                assertThat(accepts(karaf.openflowPort())).as("the OpenFlow listener bound before OVSDB failed is closed")
                        .isFalse();
            }

            karaf.configure(CONFIG, "settle.timeout.seconds", "5");
            karaf.awaitLogLine("appnet controller running", REACTION_TIMEOUT);
            karaf.awaitOpenflowPort(REACTION_TIMEOUT);
            karaf.awaitPort(karaf.ovsdbPort(), REACTION_TIMEOUT);
            assertThat(karaf.shell("service:list io.appnet.controller.Controller")).contains("appnet :: controller");

            karaf.configure(CONFIG, "store.fsync", "yes"); // a typo must not quietly leave fsync off
            assertThat(karaf.awaitLogLine("store.fsync must be", REACTION_TIMEOUT)).contains("| ERROR |",
                    "etc/io.appnet.controller.cfg is invalid, the controller is not started: "
                            + "store.fsync must be true or false, not 'yes'");
            assertNothingListens(karaf);
            karaf.configure(CONFIG, "southbound.tls.key", "appnet-tls/missing.pem"); // TLS is never silently off
            assertThat(karaf.awaitLogLine("southbound.tls.key", REACTION_TIMEOUT)).contains("| ERROR |",
                    "etc/io.appnet.controller.cfg is invalid, the controller is not started: southbound.tls.key: "
                            + "no readable file " + karaf.home().resolve("etc/appnet-tls/missing.pem"));
            assertNothingListens(karaf);
            karaf.configure(CONFIG, "southbound.tls.key", "appnet-tls/controller-privkey.pem");
            karaf.configure(CONFIG, "store.fsync", "true");
            assertThat(karaf.awaitLogLine("(fsync at every write)", REACTION_TIMEOUT)).contains("appnet controller running");
            karaf.awaitOpenflowPort(REACTION_TIMEOUT);

            karaf.configure(CONFIG, "southbound.plaintext", "true"); // possible, and loudly so
            assertThat(karaf.awaitLogLine("the southbound is PLAINTEXT", REACTION_TIMEOUT)).contains("| WARN ",
                    "southbound.plaintext = true", "can claim any host id");
            karaf.awaitOpenflowPort(REACTION_TIMEOUT);

            karaf.configure(CONFIG, "nat.mode", "per_app"); // issue 9: the NAT mode and pool are checked too
            assertThat(karaf.awaitLogLine("nat.mode 'per_app'", REACTION_TIMEOUT)).contains("| ERROR |",
                    "etc/io.appnet.controller.cfg is invalid, the controller is not started: "
                            + "nat.mode 'per_app' must be shared or per-app");
            assertNothingListens(karaf);
            karaf.configure(CONFIG, "nat.mode", "per-app");
            karaf.awaitLogLine("nat.mode per-app", REACTION_TIMEOUT);
            karaf.awaitOpenflowPort(REACTION_TIMEOUT);
            assertThat(karaf.logLines()).filteredOn(l -> l.contains("| ERROR |"))
                    .allMatch(l -> l.contains("ControllerComponent") || l.contains("org.apache.felix.scr"));
        }
    }

    private static void assertNothingListens(KarafInstance karaf) {
        assertThat(accepts(karaf.openflowPort())).as("OpenFlow port").isFalse();
        assertThat(accepts(karaf.ovsdbPort())).as("OVSDB port").isFalse();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
