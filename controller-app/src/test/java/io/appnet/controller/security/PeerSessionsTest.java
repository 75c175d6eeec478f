package io.appnet.controller.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-address connection cap: counted per address, freed on close, released once only. */
class PeerSessionsTest {
    private final PeerSessions sessions = new PeerSessions("OVSDB", 2);

    @Test
    void anAddressAtItsCapIsRefusedUntilOneOfItsConnectionsCloses() throws Exception {
        InetAddress host = InetAddress.getByName("172.31.1.11");
        InetAddress other = InetAddress.getByName("172.31.1.12");
        Optional<Runnable> first = sessions.apply(host);
        Optional<Runnable> second = sessions.apply(host);

        assertThat(sessions.apply(host)).as("a third from the same address").isEmpty();
        assertThat(sessions.apply(other)).as("another address").isPresent();

        first.orElseThrow().run();
        first.orElseThrow().run(); // a second close of the same connection frees nothing more
        assertThat(sessions.open(host)).isEqualTo(1);
        assertThat(sessions.apply(host)).isPresent();
        assertThat(sessions.apply(host)).isEmpty();
        assertThat(second).isPresent();
    }
}
