package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appnet.ovs.harness.LabPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * The same over mutual TLS, with probes far off so that only the queue limit can close it: a host that
     * answered our monitor, then sends echo after echo and reads nothing. What the session holds (the TLS
     * handler's queue included) never passes the limit and one reply, and once closed it queues nothing more:
     * the socket closes at once, with no close_notify waiting behind the full queue.
     */
    @Test
    void aTlsHostThatNeverReadsIsClosedAtTheQueueLimit(@TempDir Path pkiDir) throws Exception {
        LabPki pki = LabPki.create(pkiDir);
        SSLContext controller = LabPki.clientContext(pki.controller()); // its key and the CA: a server's needs too
        OvsdbServerConfig config = OvsdbServerConfig.defaults().withBindAddress("127.0.0.1", 0)
                .withEchoInterval(Duration.ofSeconds(60));
        try (OvsdbServer server = OvsdbServer.start(config, listener, Optional.of(() -> {
            SSLEngine engine = controller.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setNeedClientAuth(true);
            return engine;
        })); Socket tcp = new Socket()) {
            tcp.setReceiveBufferSize(4096);
            tcp.connect(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()));
            SSLSocket host = (SSLSocket) LabPki.clientContext(pki.host("h1")).getSocketFactory()
                    .createSocket(tcp, "127.0.0.1", server.localAddress().getPort(), true);
            host.setSoTimeout(10_000);
            host.startHandshake();
            ObjectMapper json = new ObjectMapper();
            JsonNode monitor = json.readTree(json.getFactory().createParser(host.getInputStream()));
            OutputStream out = host.getOutputStream();
            out.write(Fixtures.text("monitor-reply").replaceFirst("\"id\": 1", "\"id\": " + monitor.get("id"))
                    .getBytes(StandardCharsets.UTF_8));
            OvsdbSession session = awaitSession(server);

            AtomicLong mostQueued = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    mostQueued.accumulateAndGet(session.queuedBytes(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "ovsdb-queue-sampler");
            sampler.start();
            byte[] request = echo(OvsdbSession.MAX_ECHO_BYTES - 100).getBytes(StandardCharsets.UTF_8);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (session.isActive() && System.nanoTime() < deadline) {
                    out.write(request);
                }
                for (int i = 0; i < 1000; i++) { // what it sends after the close is neither answered nor queued
                    out.write(request);
                }
            } catch (IOException closedUnderneath) {
                // the session closed the socket: expected, and sooner
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            assertThat(session.closeFuture().get(10, TimeUnit.SECONDS)).startsWith("the host is not reading: ")
                    .endsWith(" bytes queued, limit " + OvsdbSession.MAX_QUEUED_BYTES);
            System.out.printf("TLS OVSDB host that reads nothing, limit %d: most queued %d bytes (sampled every 1 ms)%n",
                    OvsdbSession.MAX_QUEUED_BYTES, mostQueued.get());
            assertThat(mostQueued.get()).as("most queued (sampled)")
                    .isLessThanOrEqualTo(OvsdbSession.MAX_QUEUED_BYTES + request.length + 512);
        }
    }

    private static OvsdbSession awaitSession(OvsdbServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.sessions().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no session announced within 10 s");
            }
            Thread.sleep(10);
        }
        return server.sessions().iterator().next();
    }
}
