package io.appnet.controller.programmer;

import static io.appnet.controller.programmer.SwitchSyncTest.answerBundle;
import static io.appnet.controller.programmer.SwitchSyncTest.answerRejoinWithoutMarker;
import static io.appnet.controller.programmer.SwitchSyncTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.connection.FakeSwitch;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A switch whose connect is reported while its host is being bound (found from outside: a NullPointerException in
 * {@code switchUp}, the datapath already mapped to the host and its sync not made yet): it is left to the bind,
 * whose reconcile then takes it.
 */
class BindRaceTest {
    private static final long DPID = 0x44;
    private static final HostId H1 = HostId.of("h1");

    private final SwitchManager switches;
    private final AtomicReference<Runnable> duringBind = new AtomicReference<>(() -> { });
    private final NetworkProgrammer programmer;

    BindRaceTest() throws InterruptedException {
        switches = new SwitchManager(new InetSocketAddress("127.0.0.1", 0),
                OfConnectionConfig.defaults().withRequestTimeout(Duration.ofSeconds(5)), Optional.empty());
        ReservedDatapaths firewalls = new ReservedDatapaths() {
            @Override
            public Optional<String> holder(long datapathId) { // a bind asks this between its two maps
                duringBind.get().run();
                return super.holder(datapathId);
            }
        };
        programmer = new NetworkProgrammer(switches, Duration.ZERO, false, firewalls);
    }

    @AfterEach
    void stop() {
        programmer.close();
        switches.close();
    }

    @Test
    void aSwitchUpInTheMiddleOfItsBindIsLeftToTheBindsReconcile() throws Exception {
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            OfConnection connection = awaitConnection();
            duringBind.set(() -> programmer.switchUp(connection));

            programmer.bind(H1, DPID, SwitchSyncTest.webOnH1Tables());
            programmer.reconcileBound(H1);

            SwitchSync sync = programmer.sync(H1).orElseThrow();
            answerRejoinWithoutMarker(fake);
            assertThat(answerBundle(fake, false)).isEqualTo(sync.programmer().desired().size());
            await(() -> sync.state() == SwitchSync.State.IN_SYNC, sync);
        }
    }

    private OfConnection awaitConnection() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Optional<OfConnection> connection = switches.connection(DPID);
            if (connection.isPresent()) {
                return connection.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the fake switch did not connect within 5 s");
    }
}
