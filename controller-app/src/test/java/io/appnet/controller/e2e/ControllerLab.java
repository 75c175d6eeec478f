package io.appnet.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.Controller;
import io.appnet.controller.ControllerConfig;
import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.SqliteStore;
import io.appnet.controller.topology.HostStatus;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.ovs.harness.ContainerSpec;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabContainer;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
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

    private final Path storeDirectory;
    private final int openflowPort;
    private final int ovsdbPort;
    private final Map<String, Integer> nextAddress = new HashMap<>();
    private ControllerStore store;
    private Controller controller;
    private Lab lab;

    private final Duration auditInterval;
    private UnaryOperator<ControllerConfig> configure = UnaryOperator.identity();

    private ControllerLab(String labId, int hosts, int joined, Duration auditInterval) throws Exception {
        this(LabSpec.of(labId, hosts), joined, auditInterval, UnaryOperator.identity());
    }

    private ControllerLab(LabSpec spec, int joined, Duration auditInterval, UnaryOperator<ControllerConfig> configure)
            throws Exception {
        this.auditInterval = auditInterval;
        this.configure = configure;
        storeDirectory = Files.createTempDirectory("appnet-e2e-store");
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
        return new ControllerLab(labId, hosts, joined, Duration.ofSeconds(1));
    }

    /** As {@link #start(String, int, int)}, auditing switches each {@code auditInterval} (zero: never). */
    public static ControllerLab start(String labId, int hosts, int joined, Duration auditInterval) throws Exception {
        return new ControllerLab(labId, hosts, joined, auditInterval);
    }

    /** A lab of the spec's hosts, all joining at once, the controller's settings changed by {@code configure}. */
    public static ControllerLab start(LabSpec spec, UnaryOperator<ControllerConfig> configure) throws Exception {
        return new ControllerLab(spec, spec.hostNames().size(), Duration.ofSeconds(1), configure);
    }

    /** The settings of the next {@link #startController()} (e.g. another nat.mode), from the defaults. */
    public void reconfigure(UnaryOperator<ControllerConfig> next) {
        configure = next;
    }

    /** What a cell does to join (design section 3): point the manager and br-int's controller at us. */
    public void join(LabHost host) {
        host.setManager("tcp:" + lab.controllerAddress() + ":" + ovsdbPort);
        host.setController("tcp:" + lab.controllerAddress() + ":" + openflowPort);
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

    public void startController() throws InterruptedException {
        store = SqliteStore.open(storeDirectory);
        controller = Controller.start(configure.apply(ControllerConfig.defaults()
                .listeningOn("0.0.0.0", openflowPort, ovsdbPort)
                .withOpenflow(OfConnectionConfig.defaults().withEcho(Duration.ofSeconds(1), Duration.ofSeconds(3)))
                .withSettleTimeout(Duration.ofSeconds(15))
                .withAuditInterval(auditInterval)), store);
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

    public Ipv4Prefix subnetOf(String hostName) {
        return controller.topology().host(hostName).flatMap(HostStatus::subnet).orElseThrow();
    }

    /** A container of {@code app} on the host, at the next free address of the host's leased subnet. */
    LabContainer addContainer(String hostName, String name, String app) {
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
            deleteStore();
        }
    }

    private void deleteStore() {
        try (Stream<Path> files = Files.walk(storeDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
