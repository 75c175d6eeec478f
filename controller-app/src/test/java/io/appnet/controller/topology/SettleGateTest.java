package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which hosts the settle gate releases, and when it opens, as the reports come in (no timer involved). */
class SettleGateTest {
    private static final Duration LONG = Duration.ofHours(1);

    private final List<String> events = new ArrayList<>();
    private final SettleGate.Releases recorder = new SettleGate.Releases() {
        @Override
        public void host(String hostId) {
            events.add("host " + hostId);
        }

        @Override
        public void opened(boolean timedOut) {
            events.add("opened" + (timedOut ? " (timed out)" : ""));
        }
    };

    @Test
    void withNothingAwaitedEachHostIsReleasedWhenItReportsAndOnlyThen() {
        try (SettleGate gate = new SettleGate(Set.of(), LONG, recorder)) {
            assertThat(gate.isHolding()).isFalse();
            gate.reported("h2");
            gate.reported("h2");
            gate.reported("h1");
            assertThat(events).containsExactly("opened", "host h2", "host h1");
        }
    }

    @Test
    void awaitedHostsHoldEveryHostAndReleaseThoseThatReportedWhenTheLastArrives() {
        try (SettleGate gate = new SettleGate(Set.of("gw", "old"), LONG, recorder)) {
            gate.reported("h1");
            gate.reported("gw");
            assertThat(events).as("nothing before every awaited host has reported").isEmpty();
            assertThat(gate.isHolding()).isTrue();
            gate.reported("old");
            assertThat(gate.isHolding()).isFalse();
            gate.reported("h2");
            assertThat(events).containsExactly("host h1", "host gw", "host old", "opened", "host h2");
        }
    }

    @Test
    void theRunnableFormReleasesEveryHostOnceAllKnownHostsHaveReported() {
        List<String> opened = new ArrayList<>();
        try (SettleGate gate = new SettleGate(Set.of("h1", "h2"), LONG, () -> opened.add("all"))) {
            gate.reported("h1");
            assertThat(opened).isEmpty();
            gate.reported("h2");
            gate.reported("h1");
            assertThat(opened).containsExactly("all");
        }
    }
}
