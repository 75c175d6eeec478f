package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The event thread's lanes: one host's flood neither grows a queue nor delays another host. */
class HostEventsTest {

    /** The event thread, run step by step by the test. */
    private static final class StepThread implements Executor {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            queue.add(task);
        }

        void step() {
            queue.poll().run();
        }
    }

    private final StepThread thread = new StepThread();
    private final RecordingListener listener = new RecordingListener();
    private final HostEvents events = new HostEvents(thread, listener);

    private OvsdbSession session() {
        return new OvsdbSession(new EmbeddedChannel(), EmbeddedHost.CONFIG, events);
    }

    private static HostSnapshot snapshot(int version) {
        return new HostSnapshot(java.util.Optional.of("ovs-" + version), java.util.Map.of(), java.util.List.of());
    }

    @Test
    void aFloodOfChangesFromOneHostIsMergedAndAnotherHostsEventIsNextInLine() {
        OvsdbSession flooding = session();
        OvsdbSession quiet = session();
        events.connected(flooding, "Open_vSwitch a");
        events.connected(quiet, "Open_vSwitch b");
        thread.step(); // a connected
        thread.step(); // b connected
        assertThat(thread.queue).isEmpty();

        for (int i = 1; i <= 10_000; i++) {
            events.changed(flooding, snapshot(i - 1), snapshot(i));
        }
        events.changed(quiet, snapshot(0), snapshot(1));
        assertThat(events.pendingEvents()).as("10,000 changes of one session are one pending change").isEqualTo(2);
        assertThat(thread.queue).hasSize(2);

        thread.step();
        thread.step();
        assertThat(listener.changes()).hasSize(2);
        RecordingListener.Change merged = listener.changes().get(0);
        assertThat(merged.session()).isSameAs(flooding);
        assertThat(merged.previous()).isEqualTo(snapshot(0));
        assertThat(merged.current()).isEqualTo(snapshot(10_000));
        assertThat(listener.changes().get(1).session()).isSameAs(quiet);
        assertThat(thread.queue).isEmpty();
    }

    @Test
    void hostsTakeTurnsWhateverTheBacklogOfOne() {
        OvsdbSession busy = session();
        OvsdbSession other = session();
        events.connected(busy, "Open_vSwitch a");
        for (int i = 0; i < 100; i++) {
            events.disconnected(busy, "gone " + i); // events that cannot be merged
        }
        events.connected(other, "Open_vSwitch b");
        thread.step(); // a connected
        thread.step(); // b connected: second, not 102nd
        assertThat(listener.events()).containsExactly("connected ?", "connected ?");
        assertThat(thread.queue).hasSize(1);
    }

    @Test
    void aLaneIsForgottenOnceItsSessionsAreGone() {
        OvsdbSession host = session();
        events.connected(host, "Open_vSwitch a");
        events.disconnected(host, "bye");
        while (!thread.queue.isEmpty()) {
            thread.step();
        }
        assertThat(events.pendingEvents()).isZero();
        assertThat(listener.events()).containsExactly("connected ?", "disconnected ?: bye");
        events.changed(host, snapshot(0), snapshot(1)); // late: nothing queued
        assertThat(thread.queue).isEmpty();
    }
}
