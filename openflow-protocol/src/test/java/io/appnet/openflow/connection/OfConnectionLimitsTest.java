package io.appnet.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.MultipartReplyBody;
import io.appnet.openflow.message.OfMessage;
import io.appnet.ovs.harness.LabPki;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every limit of {@link OfConnectionConfig} against a scripted switch that misbehaves over real TCP. */
class OfConnectionLimitsTest {
    /** The encrypted size of one message beyond its own bytes, and Netty's bookkeeping per queued buffer. */
    private static final int RECORD_OVERHEAD = 256;

    @TempDir
    static Path pkiDir;
    private static LabPki pki;

    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void makePki() {
        pki = LabPki.create(pkiDir);
    }

    private InetSocketAddress start(OfConnectionConfig config) throws InterruptedException {
        return start(config, Optional.empty());
    }

    private InetSocketAddress start(OfConnectionConfig config, Optional<Supplier<SSLEngine>> tls)
            throws InterruptedException {
        OfServer server = OfServer.start(new InetSocketAddress("127.0.0.1", 0), config, listener, tls);
        toClose.add(server);
        return server.localAddress();
    }

    /** A mutual-TLS listener as the controller's: a server engine that requires a certificate the CA signed. */
    private InetSocketAddress startTls(OfConnectionConfig config) throws InterruptedException {
        SSLContext controller = LabPki.clientContext(pki.controller()); // its key and the CA: a server's needs too
        return start(config, Optional.of(() -> {
            SSLEngine engine = controller.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setNeedClientAuth(true);
            return engine;
        }));
    }

    /** A switch whose socket takes in little, so that the controller's writes back up quickly. */
    private FakeSwitch slowReader(InetSocketAddress address, long dpid) throws Exception {
        FakeSwitch sw = FakeSwitch.connected(new FakeSwitch(address, 16 << 10), dpid);
        toClose.add(sw);
        return sw;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void anEchoPayloadOverTheLimitClosesTheConnectionAndOneAtTheLimitIsAnswered() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults().withLimits(64L << 20, 16, 1024));
        FakeSwitch sw = slowReader(address, 1);
        listener.next("connected");
        sw.send(new EchoRequest(5, Bytes.of(new byte[16])));
        assertThat(sw.expect(EchoReply.class).xid()).isEqualTo(5);
        sw.send(new EchoRequest(6, Bytes.of(new byte[17])));
        assertThat((String) listener.next("disconnected").detail())
                .isEqualTo("echo request payload of 17 bytes, limit 16");
        assertThat(sw.closedByPeer()).isTrue();
    }

    @Test
    void anUnansweredBarrierFailsAfterTheRequestTimeoutAndTheConnectionStays() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults().withRequestTimeout(Duration.ofMillis(300)));
        FakeSwitch sw = slowReader(address, 1);
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<BarrierReply> barrier = connection.barrier();
        BarrierRequest request = sw.expect(BarrierRequest.class);
        assertThatThrownBy(() -> barrier.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("no reply to BARRIER_REQUEST xid " + request.xid());
        assertThat(connection.isActive()).isTrue();

        CompletableFuture<BarrierReply> next = connection.barrier(); // the switch answers again: all is well
        sw.send(new BarrierReply(sw.expect(BarrierRequest.class).xid()));
        assertThat(next.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aMultipartReplyOverThePartLimitClosesTheConnectionAndFailsTheRequest() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults().withLimits(64L << 20, 1024, 3));
        FakeSwitch sw = slowReader(address, 1);
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<MultipartReplyBody> stats = connection.multipart(new FlowStatsRequest(FlowSelection.all()));
        int xid = sw.expect(MultipartRequest.class).xid();
        for (int part = 0; part < 3; part++) {
            sw.send(new MultipartReply(xid, true, new FlowStatsReply(List.of())));
        }
        assertThat((String) listener.next("disconnected").detail())
                .isEqualTo("multipart reply to xid " + xid + " over 3 parts");
        assertThatThrownBy(() -> stats.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void aMultipartReplyAtThePartLimitCompletes() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults().withLimits(64L << 20, 1024, 3));
        FakeSwitch sw = slowReader(address, 1);
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<MultipartReplyBody> stats = connection.multipart(new FlowStatsRequest(FlowSelection.all()));
        int xid = sw.expect(MultipartRequest.class).xid();
        sw.send(new MultipartReply(xid, true, new FlowStatsReply(List.of())));
        sw.send(new MultipartReply(xid, true, new FlowStatsReply(List.of())));
        sw.send(new MultipartReply(xid, false, new FlowStatsReply(List.of())));
        assertThat(stats.get(5, TimeUnit.SECONDS)).isEqualTo(new FlowStatsReply(List.of()));
        assertThat(connection.isActive()).isTrue();
    }

    @Test
    void aSwitchThatStopsReadingIsClosedAtTheQueueLimitAndItsSendsFail() throws Exception {
        long limit = 2L << 20;
        InetSocketAddress address = start(OfConnectionConfig.defaults().withLimits(limit, 1024, 1024));
        slowReader(address, 1); // handshakes, then never reads again
        OfConnection connection = listener.next("connected").connection();
        List<CompletableFuture<Void>> sends = flood(connection, 40_000);
        String reason = (String) listener.next("disconnected").detail();
        assertThat(reason).startsWith("switch is not reading: ").endsWith("bytes queued, limit " + limit);
        assertThat(sends).anyMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(connection.queuedBytes()).isLessThanOrEqualTo(limit + (1 << 20));
    }

    /**
     * As a stalled OVS: many small messages sent from another thread (each one a task for the event loop) to
     * a switch that completed its handshakes and then reads nothing. What the connection holds, the TLS
     * handler's plaintext queue included, never passes the limit and one message; once closed over the limit
     * it queues nothing more, and the transport closes at once (no close_notify can pass a full queue).
     */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aSwitchThatStopsReadingHoldsAtMostTheLimitAndOneMessage(boolean tls) throws Exception {
        long limit = 256 << 10;
        int size = 128;
        OfConnectionConfig config = OfConnectionConfig.defaults().withLimits(limit, 1024, 1024);
        InetSocketAddress address = tls ? startTls(config) : start(config);
        FakeSwitch sw = FakeSwitch.connected(tls ? FakeSwitch.tls(address, 16 << 10,
                LabPki.clientContext(pki.host("h1"))) : new FakeSwitch(address, 16 << 10), 1);
        toClose.add(sw);
        OfConnection connection = listener.next("connected").connection();
        assertThat(connection.peerCertificate().isPresent()).isEqualTo(tls);

        AtomicLong mostQueued = new AtomicLong();
        Thread sampler = sampler(connection, mostQueued);
        List<CompletableFuture<Void>> sends;
        try {
            sends = send(connection, 60_000, size); // ~8 MB: far more than the limit and the socket buffers
            String reason = (String) listener.next("disconnected").detail();
            assertThat(reason).startsWith("switch is not reading: ").endsWith(" bytes queued, limit " + limit);
            assertThat(queuedIn(reason)).isGreaterThan(limit).isLessThanOrEqualTo(limit + size + RECORD_OVERHEAD);
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        System.out.printf("%s switch that stopped reading, limit %d: most queued %d bytes (sampled every 1 ms)%n",
                tls ? "TLS" : "plaintext", limit, mostQueued.get());
        assertThat(mostQueued.get()).as("most queued (sampled)").isLessThanOrEqualTo(limit + size + RECORD_OVERHEAD);
        assertThat(sends).anyMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(connection.send(new EchoReply(7, Bytes.EMPTY))).isCompletedExceptionally();
        assertThat(connection.queuedBytes()).isZero();
    }

    /**
     * The moment the limit closes a TLS connection, later sends fail at once and add nothing to its queue,
     * even while the channel has not finished closing.
     */
    @Test
    void aTlsConnectionClosedOverTheLimitQueuesNothingMore() throws Exception {
        long limit = 256 << 10;
        InetSocketAddress address = startTls(OfConnectionConfig.defaults().withLimits(limit, 1024, 1024));
        FakeSwitch sw = FakeSwitch.connected(FakeSwitch.tls(address, 16 << 10,
                LabPki.clientContext(pki.host("h1"))), 1);
        toClose.add(sw);
        OfConnection connection = listener.next("connected").connection();
        for (int i = 0; i < 1_000_000 && connection.isActive(); i++) {
            connection.send(new EchoReply(i, Bytes.of(new byte[1016])));
        }
        assertThat(connection.isActive()).isFalse();
        long atClose = connection.queuedBytes();
        List<CompletableFuture<Void>> late = send(connection, 10_000, 0);
        assertThat(late).allMatch(CompletableFuture::isCompletedExceptionally);
        connection.sendAll(Collections.emptyIterator()).exceptionally(closed -> null)
                .get(10, TimeUnit.SECONDS); // runs on the event loop after whatever the late sends left there
        assertThat(connection.queuedBytes()).isLessThanOrEqualTo(atClose);
        listener.next("disconnected");
    }

    /**
     * A stream pauses at the water mark, which sits under the limit (half of it, at most 1 MiB): a stream to
     * a switch that reads nothing never trips the limit by itself, and queues no more than that mark and one
     * message (plain Netty would pause at 1 MiB, four times this limit).
     */
    @Test
    void aStreamPausesUnderTheQueueLimit() throws Exception {
        long limit = 256 << 10;
        long high = OfConnection.waterMark(limit).high();
        InetSocketAddress address = startTls(OfConnectionConfig.defaults().withLimits(limit, 1024, 1024));
        FakeSwitch sw = FakeSwitch.connected(FakeSwitch.tls(address, 16 << 10,
                LabPki.clientContext(pki.host("h1"))), 1);
        toClose.add(sw);
        OfConnection connection = listener.next("connected").connection();
        List<OfMessage> messages = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // ~20 MB
            messages.add(new EchoReply(3_000_000 + i, Bytes.of(new byte[1016])));
        }
        AtomicLong mostQueued = new AtomicLong();
        Thread sampler = sampler(connection, mostQueued);
        CompletableFuture<Void> stream = connection.sendAll(messages.iterator());
        try {
            // Until the kernel's buffers are full and the stream has paused holding bytes: sendAll's answer runs
            // on the event loop between the stream's turns, so it sees what a paused stream holds.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long paused = 0;
            while (paused <= OfConnection.waterMark(limit).low() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                paused = connection.sendAll(Collections.emptyIterator())
                        .handle((r, e) -> connection.queuedBytes()).get(10, TimeUnit.SECONDS);
            }
            assertThat(paused).as("queued once the stream paused").isGreaterThan(OfConnection.waterMark(limit).low());
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        System.out.printf("TLS stream to a switch that reads nothing, limit %d, high water mark %d: most queued %d"
                + " bytes (sampled every 1 ms)%n", limit, high, mostQueued.get());
        // the mark, one message, and what encrypting the mark's worth adds: a record header, tag and Netty entry
        // per 16 KiB record (about 130 bytes; 256 allowed)
        assertThat(mostQueued.get()).as("most queued (sampled)").isLessThanOrEqualTo(high + 1024 + high / 64)
                .isLessThan(limit);
        assertThat(connection.isActive()).isTrue();
        assertThat(stream).isNotDone();
    }

    @Test
    void aSwitchThatKeepsSendingEchoesButNeverReadsIsClosedAfterTheEchoTimeout() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults()
                .withEcho(Duration.ofMillis(200), Duration.ofMillis(800)));
        FakeSwitch sw = slowReader(address, 1);
        OfConnection connection = listener.next("connected").connection();
        flood(connection, 20_000); // ~20 MB: more than the socket buffers take, less than the queue limit
        for (int i = 0; i < 100 && connection.isActive(); i++) { // its echoes keep the read side alive
            sw.send(new EchoRequest(100 + i, Bytes.EMPTY));
            Thread.sleep(50);
        }
        assertThat((String) listener.next("disconnected").detail())
                .startsWith("switch read nothing for 800 ms (echo timeout) with ");
    }

    /** {@code count} messages of {@code size} bytes, sent whether or not the connection still takes them. */
    private static List<CompletableFuture<Void>> send(OfConnection connection, int count, int size) {
        Bytes payload = Bytes.of(new byte[Math.max(0, size - 8)]); // after the 8-byte header
        List<CompletableFuture<Void>> sends = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sends.add(connection.send(new EchoReply(2_000_000 + i, payload)));
        }
        return sends;
    }

    /** A thread that keeps the most bytes {@code connection} had queued, read every millisecond. */
    private static Thread sampler(OfConnection connection, AtomicLong most) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                most.accumulateAndGet(connection.queuedBytes(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "queue-sampler");
        sampler.start();
        return sampler;
    }

    /** N of "switch is not reading: N bytes queued, limit L". */
    private static long queuedIn(String reason) {
        return Long.parseLong(reason.substring("switch is not reading: ".length(), reason.indexOf(" bytes queued")));
    }

    private static List<CompletableFuture<Void>> flood(OfConnection connection, int count) {
        Bytes payload = Bytes.of(new byte[1016]);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < count && connection.isActive(); i++) {
            OfMessage message = new EchoReply(1_000_000 + i, payload);
            sends.add(connection.send(message));
        }
        return sends;
    }
}
