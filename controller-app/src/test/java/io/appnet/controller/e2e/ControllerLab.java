package io.appnet.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.controller.Controller;
import io.appnet.controller.ControllerConfig;
import io.appnet.controller.SouthboundListeners;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.security.SouthboundTls;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.SqliteStore;
import io.appnet.controller.topology.HostStatus;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.ovs.harness.ContainerSpec;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabPki;
import io.appnet.ovs.harness.LabSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A controller in this JVM (with its SQLite store in a temporary directory) and a lab of real OVS hosts that
 * join it exactly by the host contract. Containers get addresses in the subnet the controller leased
 * their host. Closing removes everything, also after a failure.
 */
public final class ControllerLab implements AutoCloseable {
    static final Duration JOIN = Duration.ofSeconds(20);
    /** Fast echoes, so that a dead switch is found within seconds. */
    static final OfConnectionConfig LAB_OPENFLOW = OfConnectionConfig.defaults()
            .withEcho(Duration.ofSeconds(1), Duration.ofSeconds(3));

    private final Path storeDirectory;
    private final LabPki pki;
    private final int openflowPort;
    private final int ovsdbPort;
    private final Map<String, Integer> nextAddress = new HashMap<>();
    private ControllerStore store;
    private Controller controller;
    private Lab lab;

    private final Duration auditInterval;
    private final OfConnectionConfig openflow;
    private UnaryOperator<ControllerConfig> configure;

    private ControllerLab(String labId, int hosts, int joined, Duration auditInterval, OfConnectionConfig openflow)
            throws Exception {
        this(LabSpec.of(labId, hosts), joined, auditInterval, openflow, UnaryOperator.identity());
    }

    private ControllerLab(LabSpec spec, int joined, Duration auditInterval, OfConnectionConfig openflow,
                          UnaryOperator<ControllerConfig> configure) throws Exception {
        this.auditInterval = auditInterval;
        this.openflow = openflow;
        this.configure = configure;
        storeDirectory = Files.createTempDirectory("appnet-e2e-store");
        pki = LabPki.create(storeDirectory.resolveSibling(storeDirectory.getFileName() + "-pki"));
        openflowPort = freePort();
        ovsdbPort = freePort();
        try {
            startController();
            lab = Lab.start(spec);
            for (LabHost host : lab.hosts().subList(0, joined)) {
                join(host);
            }
            for (LabHost host : lab.hosts().subList(0, joined)) {
                awaitJoined(host);
            }
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** A lab of {@code hosts} hosts, the first {@code joined} of which join the controller at once. */
    static ControllerLab start(String labId, int hosts, int joined) throws Exception {
        return new ControllerLab(labId, hosts, joined, Duration.ofSeconds(1), LAB_OPENFLOW);
    }

    /** As {@link #start(String, int, int, Duration)}, with these switch connection limits. */
    static ControllerLab start(String labId, int hosts, int joined, Duration auditInterval, OfConnectionConfig openflow)
            throws Exception {
        return new ControllerLab(labId, hosts, joined, auditInterval, openflow);
    }

    /** As {@link #start(String, int, int)}, auditing switches each {@code auditInterval} (zero: never). */
    public static ControllerLab start(String labId, int hosts, int joined, Duration auditInterval) throws Exception {
        return new ControllerLab(labId, hosts, joined, auditInterval, LAB_OPENFLOW);
    }

    /** A lab of the spec's hosts, the first {@code joined} joining at once, the controller's settings changed. */
    public static ControllerLab start(LabSpec spec, int joined, Duration auditInterval,
                                      UnaryOperator<ControllerConfig> configure) throws Exception {
        return new ControllerLab(spec, joined, auditInterval, LAB_OPENFLOW, configure);
    }

    /** A lab of the spec's hosts, all joining at once, the controller's settings changed by {@code configure}. */
    public static ControllerLab start(LabSpec spec, UnaryOperator<ControllerConfig> configure) throws Exception {
        return new ControllerLab(spec, spec.hostNames().size(), Duration.ofSeconds(1), LAB_OPENFLOW, configure);
    }

    /** The settings of the next {@link #startController()} (e.g. another nat.mode), from the defaults. */
    public void reconfigure(UnaryOperator<ControllerConfig> next) {
        configure = next;
    }

    /**
     * What a cell does to join (design section 3): its own TLS credentials, then the manager and br-int's
     * controller pointed at us over {@code ssl:}.
     */
    public void join(LabHost host) {
        host.connect(lab.controllerAddress(), OptionalInt.of(openflowPort), OptionalInt.of(ovsdbPort),
                Optional.of(pki.host(host.name())));
    }

    /** The lab's southbound PKI (the controller's credentials and the CA are made at start). */
    public LabPki pki() {
        return pki;
    }

    public int ovsdbPort() {
        return ovsdbPort;
    }

    /** The controller's OpenFlow port (on every address of this machine). */
    public int openflowPort() {
        return openflowPort;
    }

    public Controller controller() {
        return controller;
    }

    public Lab lab() {
        return lab;
    }

    public LabHost host(String name) {
        return lab.host(name);
    }

    /** Stops the controller as a crash or an upgrade would; the hosts keep their flows (fail_mode=secure). */
    public void stopController() {
        controller.close();
        controller = null;
        store.close();
        store = null;
    }

    /** As the Karaf component does: the listeners first, then the store, then the controller on both. */
    public void startController() throws InterruptedException {
        SouthboundListeners listeners = SouthboundListeners.bind(configure.apply(ControllerConfig.defaults()
                .listeningOn("0.0.0.0", openflowPort, ovsdbPort)
                .withOpenflow(openflow)
                .withSettleTimeout(Duration.ofSeconds(15))
                .withAuditInterval(auditInterval)
                .withTls(SouthboundTls.load(pki.controller().privateKey(), pki.controller().certificate(),
                        pki.caCertificate()))));
        try {
            store = SqliteStore.open(storeDirectory);
        } catch (RuntimeException unusable) {
            listeners.close();
            throw unusable;
        }
        controller = Controller.start(listeners, store);
    }

    /** The controller's store (open while the controller runs). */
    public ControllerStore store() {
        return store;
    }

    /** Waits until the host is in the model with its tunnel port and its switch in sync. */
    public void awaitJoined(LabHost host) {
        await(JOIN, () -> controller.topology().host(host.name()).map(status -> status.problem().isEmpty()
                && status.tunnelPort().isPresent() && inSync(host.name())).orElse(false),
                () -> "host " + host.name() + " joins: " + controller.topology().host(host.name()));
    }

    public boolean inSync(String hostName) {
        return controller.programmer().sync(io.appnet.compiler.model.HostId.of(hostName))
                .map(sync -> sync.state() == SwitchSync.State.IN_SYNC).orElse(false);
    }

    /**
     * The summary of the host's last reconcile; after a rejoin by the sync marker, of the audit that follows it
     * (waited for), which is what a full reconcile would have found.
     */
    public String lastReconcile(String hostName) {
        SwitchSync sync = controller.programmer().sync(HostId.of(hostName)).orElseThrow();
        await(Duration.ofSeconds(10), () -> !sync.lastReconcile().startsWith(SwitchSync.IN_SYNC_BY_MARKER),
                () -> hostName + "'s audit after its sync marker: " + sync.lastReconcile());
        return sync.lastReconcile();
    }

    public Ipv4Prefix subnetOf(String hostName) {
        return controller.topology().host(hostName).flatMap(HostStatus::subnet).orElseThrow();
    }

    /**
     * The host's switch holds exactly what a full compile of the controller's network gives it: a fresh compile
     * (not the incrementally kept tables) equals the tables the controller programs, and the switch's flows, read
     * back by flow-stats, equal those ({@code +0 -0 ~0}, nothing foreign).
     */
    public void assertFlowsEqualFullCompile(String hostName) throws Exception {
        HostId host = HostId.of(hostName);
        List<FlowEntry> full = FlowCompiler.ovsHosts().compile(controller.model().network()).tablesOf(host)
                .sortedFlows();
        assertThat(controller.programmer().sync(host).orElseThrow().programmer().desired())
                .as("%s: the controller's tables against a full compile", hostName)
                .containsExactlyInAnyOrderElementsOf(full);
        assertThat(controller.status().flows(hostName, Duration.ofSeconds(10)).summary())
                .as("%s: its switch's flows against those tables", hostName).startsWith("+0 -0 ~0 flows, 0 foreign");
    }

    /** A container of {@code app} on the host, at the next free address of the host's leased subnet. */
    public LabContainer addContainer(String hostName, String name, String app) {
        Ipv4Prefix subnet = subnetOf(hostName);
        int offset = nextAddress.merge(hostName, 10, (old, one) -> old + 1);
        String ip = subnet.network().plus(offset).toString();
        String gateway = subnet.network().plus(1).toString();
        return host(hostName).addContainer(ContainerSpec.of(name, app, ip + "/" + subnet.length(), gateway));
    }

    /** Waits until the controller has {@code count} instances and every joined host's switch is in sync. */
    public void awaitInstances(int count) {
        await(JOIN, () -> controller.model().network().topology().instances().size() == count
                        && controller.topology().hosts().keySet().stream().allMatch(this::inSync),
                () -> "instances " + controller.model().network().topology().instances().size() + " of " + count
                        + ", hosts " + controller.topology().hosts());
    }

    /** Waits until every joined host's switch is in sync (after a reconnect: reconciled). */
    public void awaitInSync(Duration within) {
        await(within, () -> controller.topology().hosts().keySet().stream().allMatch(this::inSync),
                () -> "every switch in sync: " + controller.topology().hosts());
    }

    public static void await(Duration within, BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                assertThat(condition.getAsBoolean()).as("within %s: %s", within, what.get()).isTrue();
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            if (controller != null) {
                controller.close();
            }
            if (store != null) {
                store.close();
            }
            delete(storeDirectory);
            delete(pki.caCertificate().getParent());
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
