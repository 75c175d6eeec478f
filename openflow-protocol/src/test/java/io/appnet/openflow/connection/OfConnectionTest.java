package io.appnet.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.OfMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection against a scripted switch over real TCP on loopback. */
class OfConnectionTest {
    private static final OfConnectionConfig FAST_ECHO = OfConnectionConfig.defaults()
            .withEcho(Duration.ofMillis(200), Duration.ofMillis(600));

    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private InetSocketAddress start(OfConnectionConfig config) throws InterruptedException {
        OfServer server = OfServer.start(new InetSocketAddress("127.0.0.1", 0), config, listener, Optional.empty());
        toClose.add(server);
        return server.localAddress();
    }

    private FakeSwitch connect(InetSocketAddress address, long dpid) throws Exception {
        FakeSwitch sw = FakeSwitch.connected(address, dpid);
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
    void handshakeAnnouncesTheDatapathId() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        connect(address, 0x00000000cafe0001L);
        OfConnection connection = listener.next("connected").connection();
        assertThat(connection.datapathId()).isEqualTo(0xcafe0001L);
        assertThat(connection.toString()).isEqualTo("00000000cafe0001");
    }

    @Test
    void openFlow10SwitchGetsHelloFailedAndIsClosed() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        try (FakeSwitch sw = new FakeSwitch(address)) {
            sw.send(new Hello(9, 1, 0));
            assertThat(sw.expect(Hello.class).supports(4)).isTrue();
            ErrorMessage error = sw.expect(ErrorMessage.class);
            assertThat(error.errorType()).isZero();
            assertThat(error.errorCode()).isZero();
            assertThat(new String(error.data().toArray())).contains("0x04");
            assertThat(sw.closedByPeer()).isTrue();
        }
        assertThat(listener.events).isEmpty();
    }

    @Test
    void barrierCompletesWithTheReplyOfItsXid() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        FakeSwitch sw = connect(address, 1);
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<BarrierReply> barrier = connection.barrier();
        BarrierRequest request = sw.expect(BarrierRequest.class);
        sw.send(new BarrierReply(request.xid() + 1000)); // unrelated xid: not our reply
        sw.send(new BarrierReply(request.xid()));
        assertThat(barrier.get(5, TimeUnit.SECONDS).xid()).isEqualTo(request.xid());
        assertThat(listener.next("message").detail()).isEqualTo(new BarrierReply(request.xid() + 1000));
    }

    @Test
    void requestsThenBarrierSendsThemInOrderAndAnswersEach() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        FakeSwitch sw = connect(address, 1);
        OfConnection connection = listener.next("connected").connection();
        EchoRequest accepted = new EchoRequest(connection.nextXid(), Bytes.EMPTY);
        EchoRequest refused = new EchoRequest(connection.nextXid(), Bytes.EMPTY);
        OfConnection.Exchange exchange = connection.requestsThenBarrier(List.of(accepted, refused));
        assertThat(sw.expect(EchoRequest.class).xid()).isEqualTo(accepted.xid());
        assertThat(sw.expect(EchoRequest.class).xid()).isEqualTo(refused.xid());
        BarrierRequest barrier = sw.expect(BarrierRequest.class);
        sw.send(new ErrorMessage(refused.xid(), 1, 1, Bytes.EMPTY));
        sw.send(new BarrierReply(barrier.xid()));
        assertThat(exchange.barrier().get(5, TimeUnit.SECONDS).xid()).isEqualTo(barrier.xid());
        assertThat(exchange.outcomes().get(0)).as("no reply by the barrier's: accepted").isNotDone();
        assertThatThrownBy(() -> exchange.outcomes().get(1).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(OfErrorException.class);
    }

    @Test
    void requestsThenBarrierOnAClosedConnectionFailsEveryOutcome() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        connect(address, 1);
        OfConnection connection = listener.next("connected").connection();
        connection.close("closed by the test");
        OfConnection.Exchange exchange = connection.requestsThenBarrier(
                List.of(new EchoRequest(connection.nextXid(), Bytes.EMPTY)));
        assertThatThrownBy(() -> exchange.outcomes().get(0).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectionClosedException.class);
        assertThatThrownBy(() -> exchange.barrier().get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectionClosedException.class);
    }

    /** Found by OpenFlowSessionFuzzProperties: this failed with a ClassCastException. */
    @Test
    void aReplyOfAnotherTypeUnderTheBarriersXidFailsItReadably() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        FakeSwitch sw = connect(address, 1);
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<BarrierReply> barrier = connection.barrier();
        BarrierRequest request = sw.expect(BarrierRequest.class);
        sw.send(new EchoReply(request.xid(), Bytes.EMPTY));
        assertThatThrownBy(() -> barrier.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnexpectedReplyException.class)
                .hasMessageContaining("switch answered xid " + request.xid() + " with ECHO_REPLY where a BarrierReply"
                        + " was expected");
        assertThat(connection.isActive()).as("the connection stays up").isTrue();
    }

    @Test
    void errorReplyFailsTheRequestReadably() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        FakeSwitch sw = connect(address, 1);
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<BarrierReply> barrier = connection.barrier();
        BarrierRequest request = sw.expect(BarrierRequest.class);
        sw.send(new ErrorMessage(request.xid(), 1, 1, Bytes.EMPTY)); // OFPET_BAD_REQUEST / OFPBRC_BAD_TYPE
        assertThatThrownBy(() -> barrier.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(OfErrorException.class);
    }

    @Test
    void cancellingABarrierForgetsItsPendingRequest() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        FakeSwitch sw = connect(address, 1);
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<BarrierReply> barrier = connection.barrier();
        BarrierRequest request = sw.expect(BarrierRequest.class);
        barrier.cancel(false);
        sw.send(new BarrierReply(request.xid())); // a late reply no longer matches anything
        assertThat(listener.next("message").detail()).isEqualTo(new BarrierReply(request.xid()));
    }

    @Test
    void echoRequestsFromTheSwitchAreAnswered() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        FakeSwitch sw = connect(address, 1);
        listener.next("connected");
        sw.send(new EchoRequest(77, Bytes.ofHex("0102")));
        assertThat(sw.expect(EchoReply.class)).isEqualTo(new EchoReply(77, Bytes.ofHex("0102")));
    }

    @Test
    void silentSwitchIsProbedThenDeclaredDead() throws Exception {
        InetSocketAddress address = start(FAST_ECHO);
        FakeSwitch sw = connect(address, 1);
        listener.next("connected");
        assertThat(sw.receive()).isInstanceOf(EchoRequest.class);
        long start = System.nanoTime();
        RecordingListener.Event down = listener.next("disconnected");
        assertThat((String) down.detail()).contains("echo timeout");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
    }

    @Test
    void answeringEchoesKeepsTheConnectionAlive() throws Exception {
        InetSocketAddress address = start(FAST_ECHO);
        FakeSwitch sw = connect(address, 1);
        OfConnection connection = listener.next("connected").connection();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < until) {
            OfMessage message = sw.receive();
            if (message instanceof EchoRequest echo) {
                sw.send(new EchoReply(echo.xid(), echo.payload()));
            }
        }
        assertThat(connection.isActive()).isTrue();
        assertThat(listener.events).noneMatch(e -> e.kind().equals("disconnected"));
    }

    @Test
    void pendingRequestsFailWhenTheSwitchDisconnects() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        FakeSwitch sw = connect(address, 1);
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<BarrierReply> barrier = connection.barrier();
        sw.expect(BarrierRequest.class);
        sw.close();
        assertThatThrownBy(() -> barrier.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectionClosedException.class);
        assertThat((String) listener.next("disconnected").detail()).isEqualTo("switch closed the connection");
    }

    @Test
    void garbageFromOneSwitchClosesOnlyThatConnection() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        FakeSwitch good = connect(address, 1);
        OfConnection goodConnection = listener.next("connected").connection();
        FakeSwitch bad = connect(address, 2);
        listener.next("connected");
        bad.sendRaw(new byte[] {4, 14, 0, 9, 0, 0, 0, 1, 0}); // FLOW_MOD of 9 bytes: far too short
        RecordingListener.Event down = listener.next("disconnected");
        assertThat(down.connection().datapathId()).isEqualTo(2);
        assertThat((String) down.detail()).startsWith("malformed message from switch");
        assertThat(bad.closedByPeer()).isTrue();

        CompletableFuture<BarrierReply> barrier = goodConnection.barrier();
        good.send(new BarrierReply(good.expect(BarrierRequest.class).xid()));
        assertThat(barrier.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void sendAllQueuesAtMostTheWaterMarkAndLaterRequestsWaitBehindIt() throws Exception {
        InetSocketAddress address = start(OfConnectionConfig.defaults());
        FakeSwitch sw = FakeSwitch.connected(new FakeSwitch(address, 64 << 10), 1);
        toClose.add(sw);
        OfConnection connection = listener.next("connected").connection(); // the switch reads nothing for now
        // 20,000 messages of 1 KiB = 20 MB: far more than the kernel's socket buffers (loopback send buffers
        // grow to 4 MB) plus the 1 MiB water mark, so the stream must wait for the switch.
        int count = 20_000;
        Bytes payload = Bytes.of(new byte[1016]);
        List<OfMessage> messages = IntStream.range(0, count)
                .mapToObj(i -> (OfMessage) new EchoReply(1_000_000 + i, payload)).toList();
        CompletableFuture<Void> done = connection.sendAll(messages.iterator());
        Thread.sleep(500);
        assertThat(done).isNotDone();
        assertThat(connection.queuedBytes()).isPositive().isLessThanOrEqualTo((1 << 20) + 2048); // high water mark + one message
        CompletableFuture<BarrierReply> barrier = connection.barrier(); // issued while the stream is paused
        // Drain on the switch side: everything arrives, in order, and the stream then completes.
        int expectedXid = 1_000_000;
        while (expectedXid < 1_000_000 + count) {
            OfMessage m = sw.receive();
            assertThat(m).as("connection closed after %d messages", expectedXid - 1_000_000).isNotNull();
            if (m instanceof EchoRequest echo) {
                sw.send(new EchoReply(echo.xid(), echo.payload()));
            } else {
                assertThat(m.xid()).as("stream message in order, barrier not overtaking").isEqualTo(expectedXid++);
            }
        }
        BarrierRequest barrierRequest = sw.expect(BarrierRequest.class);
        sw.send(new BarrierReply(barrierRequest.xid()));
        barrier.get(5, TimeUnit.SECONDS);
        done.get(10, TimeUnit.SECONDS);
    }
}
