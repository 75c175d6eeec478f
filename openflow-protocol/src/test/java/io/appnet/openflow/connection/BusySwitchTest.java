package io.appnet.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.OfMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Open vSwitch answers nothing, echoes included, while it commits a large bundle. A switch silent past the echo
 * timeout while a bundle of ours awaits its reply is not declared dead, until that request's own timeout. Nor is
 * a switch that was silent only because the controller itself stalled and asked it nothing.
 */
class BusySwitchTest {
    private static final Duration ECHO_TIMEOUT = Duration.ofMillis(600);
    private static final Set<BundleFlag> FLAGS = Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED);

    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private FakeSwitch connect(Duration requestTimeout) throws Exception {
        OfConnectionConfig config = OfConnectionConfig.defaults().withEcho(Duration.ofMillis(200), ECHO_TIMEOUT)
                .withRequestTimeout(requestTimeout);
        OfServer server = OfServer.start(new InetSocketAddress("127.0.0.1", 0), config, listener, Optional.empty());
        toClose.add(server);
        FakeSwitch sw = FakeSwitch.connected(server.localAddress(), 1);
        toClose.add(sw);
        return sw;
    }

    @Test
    void aSwitchSilentWhileCommittingOurBundleStaysConnectedAndItsAnswerArrives() throws Exception {
        FakeSwitch sw = connect(Duration.ofSeconds(10));
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<OfMessage> committed = commit(connection);
        BundleControl commit = next(sw, BundleControl.class);

        Thread.sleep(3 * ECHO_TIMEOUT.toMillis()); // busy: answers neither the commit nor the echoes
        sw.send(new BundleControl(commit.xid(), 7, BundleControlType.COMMIT_REPLY, FLAGS, List.of()));

        assertThat(committed.get(5, TimeUnit.SECONDS)).isInstanceOf(BundleControl.class);
        assertThat(connection.isActive()).isTrue();
        assertThat(listener.events).noneMatch(event -> event.kind().equals("disconnected"));
    }

    @Test
    void aSwitchSilentPastTheBundlesRequestTimeoutIsDeclaredDead() throws Exception {
        FakeSwitch sw = connect(Duration.ofMillis(1500));
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<OfMessage> committed = commit(connection);
        next(sw, BundleControl.class); // and never a word again

        assertThat((String) listener.next("disconnected").detail()).contains("echo timeout");
        assertThatThrownBy(committed::get).as("timed out or closed, whichever came first")
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void aSilentSwitchWithNoBundleOfOursIsDeclaredDeadByTheEchoTimeout() throws Exception {
        FakeSwitch sw = connect(Duration.ofSeconds(30));
        OfConnection connection = listener.next("connected").connection();
        CompletableFuture<?> barrier = connection.barrier(); // cheap: no reason to be silent for long
        assertThat((String) listener.next("disconnected").detail()).contains("echo timeout");
        assertThatThrownBy(barrier::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void aPauseOfOurOwnIsNotTheSwitchsSilence() throws Exception {
        FakeSwitch sw = connect(Duration.ofSeconds(30));
        OfConnection connection = listener.next("connected").connection();
        Thread answering = new Thread(() -> {
            try {
                for (OfMessage message = sw.receive(); message != null; message = sw.receive()) {
                    if (message instanceof EchoRequest echo) {
                        sw.send(new EchoReply(echo.xid(), echo.payload()));
                    }
                }
            } catch (Exception closed) {
                // the test is over
            }
        });
        answering.setDaemon(true);
        answering.start();

        // the controller stalls (as in a long garbage collection): it neither probes nor reads meanwhile
        CompletableFuture<Void> stalled = new CompletableFuture<>();
        connection.eventLoop().execute(() -> {
            sleep(3 * ECHO_TIMEOUT.toMillis());
            stalled.complete(null);
        });
        stalled.get(10, TimeUnit.SECONDS);
        Thread.sleep(3 * ECHO_TIMEOUT.toMillis()); // then runs again: the switch answers its probes

        assertThat(connection.isActive()).isTrue();
        assertThat(listener.events).noneMatch(event -> event.kind().equals("disconnected"));
    }

    /** Commits bundle 7: as for every bundle message, its request timeout judges the switch's silence. */
    private static CompletableFuture<OfMessage> commit(OfConnection connection) {
        return connection.request(BundleControl.commit(connection.nextXid(), 7, FLAGS));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next message of the type, skipping echo requests (this switch never answers them). */
    private static <T extends OfMessage> T next(FakeSwitch sw, Class<T> type) throws Exception {
        while (true) {
            OfMessage message = sw.receive();
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }
}
