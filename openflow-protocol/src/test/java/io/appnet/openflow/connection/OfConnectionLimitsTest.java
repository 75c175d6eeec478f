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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every limit of {@link OfConnectionConfig} against a scripted switch that misbehaves over real TCP. */
class OfConnectionLimitsTest {
    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private InetSocketAddress start(OfConnectionConfig config) throws InterruptedException {
        OfServer server = OfServer.start(new InetSocketAddress("127.0.0.1", 0), config, listener, Optional.empty());
        toClose.add(server);
        return server.localAddress();
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
