package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The session's bounds: echo size, a reply for every request within the operation timeout, a host that stops reading. */
class SessionLimitsTest {

    private final RecordingListener listener = new RecordingListener();
    private final HostEvents events = EmbeddedHost.inline(listener);

    private static String echo(int payloadChars) {
        return "{\"id\": \"e\", \"method\": \"echo\", \"params\": [\"" + "x".repeat(payloadChars) + "\"]}";
    }

    @Test
    void anEchoUpToTheLimitIsAnsweredAndALargerOneClosesTheSession() {
        EmbeddedHost host = EmbeddedHost.monitored(events);
        host.receive(echo(OvsdbSession.MAX_ECHO_BYTES - 100));
        assertThat(host.sent().get("id").textValue()).isEqualTo("e");
        host.receive(echo(OvsdbSession.MAX_ECHO_BYTES));
        assertThat(host.channel.isOpen()).isFalse();
        assertThat(host.session.closeReason()).isEqualTo("protocol violation: echo request over 4096 bytes");
        assertThat(host.sent()).isNull();
    }

    @Test
    void aMonitorRequestLeftUnansweredClosesTheSessionAfterTheOperationTimeout() throws InterruptedException {
        EmbeddedHost host = new EmbeddedHost(events, EmbeddedHost.CONFIG.withOperationTimeout(Duration.ofMillis(100)));
        assertThat(host.sent().get("method").textValue()).isEqualTo("monitor");
        Thread.sleep(150); // EmbeddedChannel runs scheduled tasks by the real clock
        host.channel.runScheduledPendingTasks();
        assertThat(host.channel.isOpen()).isFalse();
        assertThat(host.session.closeReason()).isEqualTo("no reply to our monitor (id 1) within 100 ms");
        assertThat(listener.events()).isEmpty();
    }

    @Test
    void aTransactionLeftUnansweredClosesTheSessionAndFailsItsFuture() throws InterruptedException {
        EmbeddedHost host = EmbeddedHost.monitored(events, EmbeddedHost.CONFIG.withOperationTimeout(Duration.ofMillis(100)));
        CompletableFuture<Outcome> delete = host.session.deletePort("br-int", "br-int");
        assertThat(host.sent().get("method").textValue()).isEqualTo("transact");
        Thread.sleep(150);
        host.channel.runScheduledPendingTasks();
        assertThat(host.session.closeReason()).isEqualTo("no reply to our transact (id 2) within 100 ms");
        assertThat(delete).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
        assertThat(listener.events()).containsExactly("connected h1",
                "disconnected h1: no reply to our transact (id 2) within 100 ms");
    }

    /**
     * A host that sends echo after echo (so it is never idle) but reads none of our replies: once our queue
     * passes the water mark and stays there for two echo intervals, the manager drops it.
     */
    @Test
    void aHostThatNeverReadsIsDisconnected() throws Exception {
        OvsdbServerConfig config = OvsdbServerConfig.defaults().withBindAddress("127.0.0.1", 0)
                .withEchoInterval(Duration.ofMillis(200));
        try (OvsdbServer server = OvsdbServer.start(config, listener, Optional.empty()); Socket host = new Socket()) {
            host.setReceiveBufferSize(4096);
            host.connect(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()));
            byte[] request = echo(OvsdbSession.MAX_ECHO_BYTES - 100).getBytes(StandardCharsets.UTF_8);
            OutputStream out = host.getOutputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean dropped = false;
            long sent = 0;
            while (!dropped && System.nanoTime() < deadline) {
                try {
                    out.write(request);
                    sent += request.length;
                } catch (IOException reset) {
                    dropped = true;
                }
            }
            assertThat(dropped).as("dropped after %d bytes of echo requests", sent).isTrue();
            // what we wrote back and the host never read: the water mark plus the kernel's buffers, not the echoes sent
            assertThat(sent).isLessThan(64L << 20);
        }
    }
}
