package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lab of simulated hosts per the host contract (design section 3), built in network namespaces:
 * <pre>
 *   root namespace: bridge an-ID-mg = 172.31.X.1/24 ({@link #controllerAddress()}), veths an-ID-m1..mN
 *   an-ID-ul:       Linux bridge br0, the underlay switch, one veth per host
 *   an-ID-HOST:     ovsdb-server + ovs-vswitchd (netdev), br-phy(ul0) = 192.168.50.(10+i)/24, br-int,
 *                   mgmt0 = 172.31.X.(10+i)/24
 *   an-ID-HOST-CTR: a container, eth0 on br-int
 * </pre>
 * Files live in {@code <run root>/ID/} (scripts/lab.sh documents the layout and builds the same thing).
 * Close it (try-with-resources); a shutdown hook covers interrupted runs, and the next start of the same id,
 * or of any lab, removes what a killed run left.
 */
public final class Lab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);
    private static final String PROBE_RESOURCE = "netprobe.py";

    private final LabSpec spec;
    private final LabNames names;
    private final Map<String, LabHost> hosts = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean abandoned;
    private int managementOctet;

    private Lab(LabSpec spec) {
        this.spec = spec;
        this.names = new LabNames(spec.id(), spec.runRoot());
    }

    /**
     * Builds the lab. Leftovers of an earlier run with this id are removed first (and of any lab whose JVM
     * is gone); a lab with this id held by another running process is an error.
     */
    public static Lab start(LabSpec spec) {
        Lab lab = new Lab(spec);
        lab.claimDirectory();
        OpenLabs.register(lab);
        try {
            lab.build();
        } catch (RuntimeException | Error e) {
            try {
                lab.close();
            } catch (RuntimeException teardownFailure) {
                e.addSuppressed(teardownFailure);
            }
            throw e;
        }
        return lab;
    }

    public String id() {
        return spec.id();
    }

    /** The prefix of every namespace and root-namespace link of this lab. */
    public String prefix() {
        return names.prefix();
    }

    public Path runDir() {
        return names.labDir();
    }

    public List<LabHost> hosts() {
        return List.copyOf(hosts.values());
    }

    public LabHost host(String name) {
        LabHost host = hosts.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no host " + name + " in lab " + id() + "; hosts: " + hosts.keySet());
        }
        return host;
    }

    LabNames names() {
        return names;
    }

    Path probeScript() {
        return names.labDir().resolve(PROBE_RESOURCE);
    }

    /** The root namespace's address on the management link: where hosts reach a controller in this JVM. */
    public String controllerAddress() {
        return LabNames.managementGateway(managementOctet);
    }

    /** Removes every namespace, link, process and file of the lab; throws if something could not be removed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        OpenLabs.unregister(this);
        if (!abandoned) {
            LabTeardown.remove(names);
        }
    }

    void markAbandoned() {
        abandoned = true;
    }

    private void claimDirectory() {
        Path labDir = names.labDir();
        createDirectories(spec.runRoot());
        LabTeardown.sweepAbandoned(spec.runRoot());
        LabOwner.State owner = LabOwner.state(labDir);
        if (owner == LabOwner.State.OTHER_PROCESS_RUNNING) {
            throw new IllegalStateException("lab " + id() + " is in use by " + LabOwner.describe(labDir)
                    + "; close it or choose another lab id");
        }
        OpenLabs.abandon(id());
        if (Files.exists(labDir) || !LabResources.find(names).isEmpty()) {
            LOG.warn("removing leftovers of lab {} (made by {})", id(), LabOwner.describe(labDir));
            LabTeardown.remove(names);
        }
        try {
            Files.createDirectory(labDir);
            LabOwner.claim(labDir);
            Files.createDirectory(names.backgroundDir());
            try (InputStream probe = Lab.class.getResourceAsStream(PROBE_RESOURCE)) {
                Files.copy(probe, labDir.resolve(PROBE_RESOURCE));
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("lab " + id() + " was just created by another process", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void build() {
        long started = System.nanoTime();
        managementOctet = ManagementSubnets.reserve(spec.runRoot(), id());
        write("mgmt-subnet", managementOctet + "\n");
        write("hosts", String.join("\n", spec.hostNames()) + "\n");
        for (int i = 0; i < spec.hostNames().size(); i++) {
            String name = spec.hostNames().get(i);
            hosts.put(name, new LabHost(names, name, i + 1, managementOctet, names.labDir().resolve(PROBE_RESOURCE)));
        }
        createLinks();
        runOnEveryHost(host -> {
            host.build();
            spec.controller().ifPresent(endpoint -> connect(host, endpoint));
        });
        LOG.info("lab {} with {} hosts up in {} ms", id(), hosts.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The underlay switch with a veth per host, and the management bridge with a veth per host. */
    private void createLinks() {
        List<String> root = new ArrayList<>(List.of(
                "link add " + names.managementBridge() + " type bridge",
                "addr add " + controllerAddress() + "/" + LabNames.NETWORK_PREFIX_LENGTH + " dev " + names.managementBridge(),
                "link set " + names.managementBridge() + " up",
                "netns add " + names.underlayNamespace()));
        List<String> underlay = new ArrayList<>(List.of(
                "link add " + LabNames.UNDERLAY_SWITCH + " type bridge",
                "link set " + LabNames.UNDERLAY_SWITCH + " up"));
        int index = 1;
        for (LabHost host : hosts.values()) {
            String veth = names.managementVeth(index++);
            root.add("netns add " + host.namespace());
            root.add("link add " + veth + " type veth peer name " + LabNames.MANAGEMENT_INTERFACE + " netns " + host.namespace());
            root.add("link set " + veth + " master " + names.managementBridge() + " up");
            underlay.add("link add " + host.name() + " type veth peer name " + LabNames.UNDERLAY_INTERFACE
                    + " netns " + host.namespace());
            underlay.add("link set " + host.name() + " master " + LabNames.UNDERLAY_SWITCH + " up");
        }
        Namespaces.ipBatch(Optional.empty(), root);
        Namespaces.ipBatch(Optional.of(names.underlayNamespace()), underlay);
    }

    private void connect(LabHost host, ControllerEndpoint endpoint) {
        host.connect(endpoint.address().orElse(controllerAddress()), endpoint.openflowPort(), endpoint.ovsdbPort(),
                endpoint.pki().map(pki -> pki.host(host.name())));
    }

    /** Hosts are independent once their links exist; building them side by side mostly overlaps waits on OVS. */
    private void runOnEveryHost(Consumer<LabHost> step) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(hosts.size(), 4), runnable -> {
            Thread thread = new Thread(runnable, "lab-" + id() + "-build");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (LabHost host : hosts.values()) {
                pending.add(pool.submit(() -> step.accept(host)));
            }
            RuntimeException failure = null;
            for (Future<?> future : pending) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime
                            ? runtime : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while building lab " + id(), e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void write(String file, String content) {
        try {
            Files.writeString(names.labDir().resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "lab " + id() + " " + hosts.keySet();
    }
}
