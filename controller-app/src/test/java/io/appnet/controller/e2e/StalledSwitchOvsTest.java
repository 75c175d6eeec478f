package io.appnet.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.status.FlowReport;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's fault "a switch that stops reading (TCP window full) while the others keep being programmed": h3's
 * ovs-vswitchd reaches the controller through a relay that stops reading the controller's bytes. A change of
 * 50,000 policies enforced on h3 then needs far more than the kernel's socket buffers; the controller must keep
 * what it queues for h3 under the queue limit and close h3 at that limit, keep programming h1 and h2 (300
 * changes, one at a time, each acknowledged), and put h3 right once it reconnects and reads again.
 */
@Tag("ovs")
class StalledSwitchOvsTest {
    private static final long QUEUE_LIMIT = 256 << 10;
    /** Policies in the one change for h3: ~50,000 flow-mods, more than the queue limit and a 4 MB socket buffer. */
    private static final int BATCH = 50_000;
    private static final int OTHER_CHANGES = 300;
    private static final OfConnectionConfig LIMITED = OfConnectionConfig.defaults()
            .withEcho(Duration.ofSeconds(1), Duration.ofSeconds(180)) // compiling 50,000 policies may take a while here
            .withLimits(QUEUE_LIMIT, 1024, 1024);

    private ControllerLab lab;
    private StallingProxy proxy;

    @AfterEach
    void tearDown() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aSwitchThatStopsReadingIsClosedAtTheQueueLimitWhileTheOthersKeepTheirChanges() throws Exception {
        // No audits: an audit's flow-stats request to the stalled switch would wait out the request timeout and
        // leave h3 out of sync, and an out-of-sync switch is sent no deltas at all (bounded, but not this limit).
        lab = ControllerLab.start("tbst", 3, 3, Duration.ZERO, LIMITED);
        lab.addContainer("h1", "a1", "a");
        lab.addContainer("h2", "b1", "b");
        lab.addContainer("h2", "d1", "d");
        lab.addContainer("h3", "c1", "c");
        lab.awaitInstances(4);

        proxy = new StallingProxy(new InetSocketAddress("127.0.0.1", lab.openflowPort()));
        OfConnection direct = connection("h3");
        lab.host("h3").setController("ssl:" + lab.lab().controllerAddress() + ":" + proxy.port());
        ControllerLab.await(Duration.ofSeconds(20), () -> connection("h3") != null && connection("h3") != direct
                && lab.inSync("h3"), () -> "h3 reconnects through the relay and is in sync");
        OfConnection stalled = connection("h3");
        lab.host("h3").vsctl("set", "controller", "br-int", "inactivity_probe=0"); // only the controller may give up
        proxy.stallFirst();

        AtomicLong mostQueued = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                mostQueued.accumulateAndGet(stalled.queuedBytes(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tb-queue-sampler");
        sampler.start();
        List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        try {
            // The others' changes, one at a time, all through the fault.
            CompletableFuture<Void> others = CompletableFuture.runAsync(() -> {
                for (int port = 1; port <= OTHER_CHANGES; port++) {
                    long asked = System.nanoTime();
                    lab.controller().policies().create(List.of(PolicySpec.parse("a", "b", "tcp", port, port, false)))
                            .orTimeout(30, TimeUnit.SECONDS).join();
                    latenciesMicros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - asked));
                }
            });
            // One change whose flow-mods for h3 (enforced where c runs) outgrow the limit and the kernel's buffers.
            List<PolicySpec> forH3 = new ArrayList<>();
            for (int port = 1; port <= BATCH; port++) {
                forH3.add(PolicySpec.parse("d", "c", "tcp", port, port, false));
            }
            lab.controller().policies().create(forH3); // h3 never acknowledges it
            stalled.closeFuture().get(240, TimeUnit.SECONDS);
            others.get(240, TimeUnit.SECONDS);
        } finally {
            sampler.interrupt();
            sampler.join();
        }

        assertThat(stalled.closeReason()).as("closed at its queue limit")
                .startsWith("switch is not reading: ").endsWith(" bytes queued, limit " + QUEUE_LIMIT);
        assertThat(mostQueued.get()).as("queued for the stalled switch, at most the limit and one message")
                .isLessThanOrEqualTo(QUEUE_LIMIT + 65_535);
        assertThat(latenciesMicros).as("every change for h1 and h2 was acknowledged").hasSize(OTHER_CHANGES);
        for (String host : List.of("h1", "h2")) {
            assertThat(flows(host).summary()).as("%s has every change", host).startsWith("+0 -0 ~0 flows");
        }
        proxy.dropFirst(); // the switch's side gives up too (its probe is off here), then it redials
        ControllerLab.await(Duration.ofSeconds(90), () -> lab.inSync("h3") && connection("h3") != stalled,
                () -> "h3 reconnects through the relay, now reading, and is reconciled");
        assertThat(flows("h3").summary()).startsWith("+0 -0 ~0 flows");

        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        System.out.printf("stalled-switch fault: one change of " + BATCH + " policies for h3, closed with: %s;"
                        + " most queued %d bytes; h1/h2 change latency p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d changes)%n",
                stalled.closeReason(), mostQueued.get(), percentile(sorted, 50) / 1000.0,
                percentile(sorted, 99) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
    }

    private OfConnection connection(String host) {
        return lab.controller().programmer().sync(HostId.of(host)).flatMap(SwitchSync::connection).orElse(null);
    }

    private FlowReport flows(String host) {
        try {
            return lab.controller().status().flows(host, Duration.ofSeconds(10));
        } catch (Exception e) {
            throw new AssertionError("flows of " + host, e);
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
