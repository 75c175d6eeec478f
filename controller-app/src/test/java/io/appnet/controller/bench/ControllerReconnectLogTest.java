package io.appnet.controller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restart's reconnects read from Open vSwitch's logs, worded as lib/rconn.c and lib/reconnect.c word them. */
class ControllerReconnectLogTest {
    private static final Instant STOPPED = Instant.parse("2026-11-28T09:00:00.000Z");

    @TempDir
    Path directory;

    @Test
    void givesTheSwitchsRefusedAndSuccessfulAttemptsSinceTheStopInMilliseconds() throws IOException {
        Path log = write("ovs-vswitchd.log", """
                2026-11-28T08:59:59.990Z|00049|rconn|INFO|br-int<->tcp:172.31.7.1:40000: connected
                2026-11-28T09:00:00.000Z|00050|rconn|INFO|br-int<->tcp:172.31.7.1:40000: connection closed by peer
                2026-11-28T09:00:00.100Z|00051|rconn|INFO|br-int<->tcp:172.31.7.1:40000: connecting...
                2026-11-28T09:00:00.101Z|00052|rconn|WARN|br-int<->tcp:172.31.7.1:40000: connection failed (Connection refused)
                2026-11-28T09:00:00.101Z|00053|rconn|INFO|br-int<->tcp:172.31.7.1:40000: waiting 2 seconds before reconnect
                2026-11-28T09:00:02.103Z|00054|rconn|INFO|br-int<->tcp:172.31.7.1:40000: connected
                2026-11-28T09:00:02.200Z|00055|rconn|INFO|br-phy<->unix#3: connected
                2026-11-28T09:00:02.300Z|00056|vconn|INFO|br-int<->tcp:172.31.7.1:40000: connected
                """);

        assertThat(ControllerReconnectLog.events(log, "rconn", "br-int<->", STOPPED))
                .containsExactly("+101 refused", "+2103 connected");
    }

    @Test
    void givesTheManagersAttemptsAndNothingWhenNothingHappenedSince() throws IOException {
        Path log = write("ovsdb-server.log", """
                2026-11-28T09:00:00.372Z|00020|reconnect|INFO|tcp:172.31.7.1:40001: connecting...
                2026-11-28T09:00:00.372Z|00021|reconnect|INFO|tcp:172.31.7.1:40001: connection attempt failed (Connection refused)
                2026-11-28T09:00:00.372Z|00022|reconnect|INFO|tcp:172.31.7.1:40001: waiting 2 seconds before reconnect
                2026-11-28T09:00:02.374Z|00024|reconnect|INFO|tcp:172.31.7.1:40001: connected
                """);

        assertThat(ControllerReconnectLog.events(log, "reconnect", "tcp:", STOPPED))
                .containsExactly("+372 refused", "+2374 connected");
        assertThat(ControllerReconnectLog.events(log, "reconnect", "tcp:", Instant.parse("2026-11-28T09:00:03Z")))
                .isEmpty();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(directory.resolve(name), text);
    }
}
