package io.appnet.controller.programmer;

import static io.appnet.controller.programmer.SwitchSyncTest.answerBundle;
import static io.appnet.controller.programmer.SwitchSyncTest.answerRejoinWithoutMarker;
import static io.appnet.controller.programmer.SwitchSyncTest.await;
import static io.appnet.controller.programmer.SwitchSyncTest.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.connection.FakeSwitch;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.OfMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A switch that connects while its host's reconciles are held (a restart) has its flows read at once; nothing is
 * written to it until the release, and the reconcile after the release diffs against that read instead of asking
 * again.
 */
class ReadAheadTest {
    private static final long DPID = 0x43;

    private final SwitchManager switches;
    private final NetworkProgrammer programmer;

    ReadAheadTest() throws InterruptedException {
        switches = new SwitchManager(new InetSocketAddress("127.0.0.1", 0),
                OfConnectionConfig.defaults().withRequestTimeout(Duration.ofSeconds(5)), Optional.empty());
        programmer = new NetworkProgrammer(switches, Duration.ZERO, true);
        switches.addListener(programmer);
        programmer.bind(HostId.of("h1"), DPID, SwitchSyncTest.webOnH1Tables());
    }

    @AfterEach
    void stop() {
        programmer.close();
        switches.close();
    }

    @Test
    void aHeldSwitchIsReadAtOnceAndReconciledFromThatReadWhenReleased() throws Exception {
        SwitchSync sync = programmer.sync(HostId.of("h1")).orElseThrow();
        try (FakeSwitch fake = FakeSwitch.connected(switches.localAddress(), DPID)) {
            answerRejoinWithoutMarker(fake); // the read ahead, while held
            assertThat(sync.state()).as("held: not reconciled").isEqualTo(SwitchSync.State.OFFLINE);

            programmer.releaseReconciles(HostId.of("h1"));
            OfMessage first = next(fake, OfMessage.class);
            while (!(first instanceof MultipartRequest) && !(first instanceof BundleControl)) {
                first = next(fake, OfMessage.class);
            }
            assertThat(first).as("after the release: the bundle, no second read").isInstanceOf(BundleControl.class);
            int adds = answerBundle(fake, (BundleControl) first, false);
            assertThat(adds).isEqualTo(sync.programmer().desired().size());
            await(() -> sync.state() == SwitchSync.State.IN_SYNC, sync);
        }
    }
}
