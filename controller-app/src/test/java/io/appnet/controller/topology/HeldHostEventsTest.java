package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsdbHostListener;
import io.appnet.ovs.ovsdb.OvsdbSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** OVSDB events that arrive while the controller starts wait for the topology, in order, or are dropped. */
class HeldHostEventsTest {
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final OvsdbHostListener recorder = new OvsdbHostListener() {
        @Override
        public void hostConnected(OvsdbSession session) {
            delivered.add("connected");
        }

        @Override
        public void snapshotChanged(OvsdbSession session, HostSnapshot previous, HostSnapshot current) {
            delivered.add("changed");
        }

        @Override
        public void hostDisconnected(OvsdbSession session, String reason) {
            delivered.add("disconnected: " + reason);
        }
    };

    @Test
    void eventsWaitForTheTopologyAndArriveInOrder() throws Exception {
        HeldHostEvents held = new HeldHostEvents();
        Thread eventThread = new Thread(() -> {
            held.hostConnected(null);
            held.snapshotChanged(null, null, null);
            held.hostDisconnected(null, "closed");
        });
        eventThread.start();
        assertThat(delivered).as("nothing before the topology takes over").isEmpty();
        held.deliverTo(recorder);
        eventThread.join(10_000);
        assertThat(eventThread.isAlive()).isFalse();
        assertThat(delivered).containsExactly("connected", "changed", "disconnected: closed");
    }

    @Test
    void afterAFailedStartEventsAreDropped() {
        HeldHostEvents held = new HeldHostEvents();
        held.drop();
        held.hostConnected(null);
        held.deliverTo(recorder);
        held.hostDisconnected(null, "closed");
        assertThat(delivered).as("only what came after a (later) takeover").containsExactly("disconnected: closed");
    }
}
