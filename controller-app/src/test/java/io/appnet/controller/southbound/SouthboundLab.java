package io.appnet.controller.southbound;

import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.connection.DatapathIds;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.connection.OfErrorException;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfReserved;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.text.FlowText;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One simulated host (real Open vSwitch, userspace datapath) whose br-int is controlled by a {@link SwitchManager}
 * in this JVM, plus a second bridge of the same kind ({@value #REFERENCE_BRIDGE}, netdev, fail_mode=secure, no
 * controller) that tests program with ovs-ofctl alone, as the reference for what the controller installs.
 * IPv6 is off in the host namespace so the bridges' ports stay silent and flow counters change only by a test.
 */
final class SouthboundLab implements AutoCloseable {
    static final String CONTROLLED_BRIDGE = "br-int";
    static final String REFERENCE_BRIDGE = "br-ref";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SwitchManager manager;
    private final LinkedBlockingQueue<OfConnection> up = new LinkedBlockingQueue<>();
    private Lab lab;
    private OfConnection connection;

    private SouthboundLab(SwitchManager manager) {
        this.manager = manager;
        manager.addListener(new SwitchListener() {
            @Override
            public void switchUp(OfConnection connection) {
                up.add(connection);
            }

            @Override
            public void switchDown(long datapathId, String reason) {
            }
        });
    }

    /**
     * Starts the controller on a free port and the lab with its reference bridge; br-int is not yet pointed at
     * the controller ({@link #connect()}), so a test can watch the session from its first byte.
     */
    static SouthboundLab start(String labId, OfConnectionConfig config) throws InterruptedException {
        SouthboundLab fixture = new SouthboundLab(new SwitchManager(new InetSocketAddress("0.0.0.0", 0), config, Optional.empty()));
        try {
            fixture.lab = Lab.start(LabSpec.of(labId, 1));
            LabHost host = fixture.host();
            host.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1").stdoutOrThrow();
            host.vsctl("add-br", REFERENCE_BRIDGE, "--", "set", "bridge", REFERENCE_BRIDGE, "datapath_type=netdev",
                    "fail_mode=secure", "protocols=OpenFlow13");
        } catch (RuntimeException | Error e) {
            fixture.closeAddingTo(e);
            throw e;
        }
        return fixture;
    }

    /**
     * Points br-int at the controller and waits for the handshake; returns the switch's connection.
     *
     * @param controllerSettings columns of br-int's Controller record set in the same transaction, e.g.
     *     {@code inactivity_probe=5000}
     */
    OfConnection connect(String... controllerSettings) throws InterruptedException {
        List<String> vsctl = new ArrayList<>(List.of("set-controller", CONTROLLED_BRIDGE,
                "tcp:" + lab.controllerAddress() + ":" + openflowPort()));
        if (controllerSettings.length > 0) {
            vsctl.addAll(List.of("--", "set", "controller", CONTROLLED_BRIDGE));
            vsctl.addAll(List.of(controllerSettings));
        }
        host().vsctl(vsctl.toArray(String[]::new));
        OfConnection connected = up.poll(10, TimeUnit.SECONDS);
        if (connected == null) {
            throw new IllegalStateException("br-int did not connect to the controller within 10 s");
        }
        long expected = DatapathIds.parse(host().vsctl("get", "bridge", CONTROLLED_BRIDGE, "datapath_id").strip()
                .replace("\"", ""));
        if (connected.datapathId() != expected) {
            throw new IllegalStateException("connected datapath " + DatapathIds.format(connected.datapathId())
                    + " is not br-int's " + DatapathIds.format(expected));
        }
        connection = connected;
        return connected;
    }

    int openflowPort() {
        return manager.localAddress().getPort();
    }

    Lab lab() {
        return lab;
    }

    LabHost host() {
        return lab.host("h1");
    }

    OfConnection connection() {
        return connection;
    }

    /** ovs-ofctl -O OpenFlow13 on the host. */
    String ofctl(String... args) {
        return host().ofctl(args);
    }

    /** The bridge's flows as ovs-ofctl dumps them, normalized ({@link FlowText#normalize}) and sorted. */
    List<String> dump(String bridge, String... selection) {
        List<String> args = new ArrayList<>(List.of("dump-flows", bridge));
        args.addAll(List.of(selection));
        return sorted(FlowText.normalizeDump(ofctl(args.toArray(String[]::new))));
    }

    /** br-int's flows as the codec decodes a flow statistics reply, rendered by {@link FlowText}, sorted. */
    List<String> flowStats() throws Exception {
        return sorted(decodedFlows(FlowSelection.all()).stream().map(FlowText::of).toList());
    }

    List<FlowStats> decodedFlows(FlowSelection selection) throws Exception {
        return ((FlowStatsReply) await(connection.multipart(new FlowStatsRequest(selection)))).flows();
    }

    /** Removes every flow from both bridges (on br-int through the codec). */
    void clearFlows() throws Exception {
        apply(FlowMod.delete(OfReserved.TABLE_ALL, Match.ANY));
        ofctl("del-flows", REFERENCE_BRIDGE);
    }

    /** Sends flow-mods (given fresh xids) and a barrier; see {@link #applyAll}. */
    void apply(FlowMod... flowMods) throws Exception {
        List<OfMessage> messages = new ArrayList<>();
        for (FlowMod flowMod : flowMods) {
            messages.add(flowMod.withXid(connection.nextXid()));
        }
        applyAll(messages);
    }

    /**
     * Sends messages (each with its own xid) and then a barrier. The switch answers messages in order, so any
     * error for them has arrived once the barrier reply has.
     *
     * @throws OfErrorException the switch's error for the first message it refused
     */
    void applyAll(List<? extends OfMessage> messages) throws Exception {
        // requestAll's own future: cancelling it forgets the pending request (request()'s derived one would not)
        List<CompletableFuture<List<OfMessage>>> outcomes = new ArrayList<>();
        for (OfMessage message : messages) {
            outcomes.add(connection.requestAll(message, reply -> true));
        }
        await(connection.barrier());
        for (CompletableFuture<List<OfMessage>> outcome : outcomes) {
            if (outcome.isCompletedExceptionally()) {
                try {
                    outcome.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof OfErrorException error) {
                        outcomes.forEach(o -> o.cancel(false));
                        throw error;
                    }
                    throw e;
                }
            }
            outcome.cancel(false); // no reply means accepted; forget the pending request
        }
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new TimeoutException("no answer from the switch within " + TIMEOUT.toMillis() + " ms");
        }
    }

    /** An Ethernet/IPv4/UDP frame (60 bytes) from 10.0.0.1 to 10.0.0.2, destination port {@code port}. */
    static Bytes udpFrame(int port) {
        String ip = "4500002e000000004011" + "0000" + "0a000001" + "0a000002";
        String udp = "1f90" + String.format("%04x", port) + "001a0000";
        return Bytes.ofHex("020000000002" + "020000000001" + "0800" + ip + udp + "00".repeat(18));
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    @Override
    public void close() {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            manager.close();
        }
    }

    private void closeAddingTo(Throwable failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
