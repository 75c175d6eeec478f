package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One simulated host: a network namespace with its own ovsdb-server and ovs-vswitchd (userspace datapath),
 * br-phy holding the underlay veth and the underlay IP, br-int per the host contract (design section 3),
 * and a management veth to the root namespace.
 */
public final class LabHost {

    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,14}");
    private static final long DEVICE_WAIT_MILLIS = 10_000;

    private final LabNames names;
    private final String name;
    private final int index;
    private final int managementOctet;
    private final OvsInstance ovs;
    private final Path probeScript;
    private final Map<String, LabContainer> containers = new LinkedHashMap<>();
    private final AtomicInteger captureCount = new AtomicInteger();

    LabHost(LabNames names, String name, int index, int managementOctet, Path probeScript) {
        this.names = names;
        this.name = name;
        this.index = index;
        this.managementOctet = managementOctet;
        this.ovs = new OvsInstance(names.hostNamespace(name), names.hostDir(name));
        this.probeScript = probeScript;
    }

    /** Configures the namespace (made, with its veths, by {@link Lab}) and starts and configures OVS. */
    void build() {
        createDirectory(runDir());
        Namespaces.ipBatch(Optional.of(namespace()), List.of(
                "link set lo up",
                "addr add " + managementIp() + "/" + LabNames.NETWORK_PREFIX_LENGTH + " dev " + LabNames.MANAGEMENT_INTERFACE,
                "link set " + LabNames.MANAGEMENT_INTERFACE + " up",
                "route add default via " + LabNames.managementGateway(managementOctet),
                "link set " + LabNames.UNDERLAY_INTERFACE + " up"));
        ovs.start();
        ovs.vsctl(
                "--", "set", "open_vswitch", ".", "external_ids:appnet-host-id=" + name,
                "external_ids:appnet-underlay-ip=" + underlayIp(),
                "--", "add-br", LabNames.PHYSICAL_BRIDGE,
                "--", "set", "bridge", LabNames.PHYSICAL_BRIDGE, "datapath_type=netdev",
                "--", "add-port", LabNames.PHYSICAL_BRIDGE, LabNames.UNDERLAY_INTERFACE,
                "--", "add-br", LabNames.INTEGRATION_BRIDGE,
                "--", "set", "bridge", LabNames.INTEGRATION_BRIDGE, "fail_mode=secure",
                "protocols=OpenFlow13,OpenFlow14,OpenFlow15",
                "--", "set", "bridge", LabNames.INTEGRATION_BRIDGE, "datapath_type=netdev");
        configureUnderlayAddress();
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return names.hostNamespace(name);
    }

    /** The underlay IPv4 on br-phy, also external_ids:appnet-underlay-ip (a VXLAN tun_dst). */
    public String underlayIp() {
        return LabNames.underlayIp(index);
    }

    /** This host's address on the management link (the source of its controller connections). */
    public String managementIp() {
        return LabNames.managementIp(managementOctet, index);
    }

    /** The directory holding this host's OVS database, sockets, pid files, logs and captures. */
    public Path runDir() {
        return names.hostDir(name);
    }

    /** ovs-vsctl against this host's database; returns stdout, throws {@link CommandFailedException} on failure. */
    public String vsctl(String... args) {
        return ovs.vsctl(args);
    }

    /** ovs-ofctl -O OpenFlow13 against this host's switch, e.g. {@code ofctl("dump-flows", "br-int")}. */
    public String ofctl(String... args) {
        return ovs.ofctl(args);
    }

    /** ovs-appctl against this host's ovs-vswitchd. */
    public String appctl(String... args) {
        return ovs.appctl(args);
    }

    /** Adds flows in ovs-ofctl syntax in one OpenFlow 1.3 bundle. */
    public void addFlows(String bridge, String... flows) {
        ovs.ofctlWithInput(String.join("\n", flows) + "\n", "--bundle", "add-flows", bridge, "-");
    }

    /** Deletes flows given as {@code table=..,priority=..,<match>} in ovs-ofctl syntax, each strictly. */
    public void deleteFlowsStrict(String bridge, List<String> flows) {
        ovs.ofctlWithInput(String.join("\n", flows) + "\n", "--strict", "del-flows", bridge, "-");
    }

    /** Runs a command in the host's namespace; a non-zero exit is returned, not thrown. */
    public CommandResult exec(String... command) {
        return Commands.run(Namespaces.commandIn(namespace(), List.of(command)));
    }

    public BackgroundProcess startBackground(String label, String... command) {
        return BackgroundProcess.start(label, Namespaces.commandIn(namespace(), List.of(command)), Map.of(),
                names.backgroundDir());
    }

    /** The OpenFlow port number OVS gave an interface. */
    public int ofport(String interfaceName) {
        String value = ovs.vsctl("get", "interface", interfaceName, "ofport").strip();
        if (!value.matches("\\d+") || Integer.parseInt(value) < 1) {
            throw new CommandFailedException("interface " + interfaceName + " on " + name + " has no OpenFlow port: " + value);
        }
        return Integer.parseInt(value);
    }

    /** Adds a flow-based VXLAN port to br-int (remote_ip=flow, key=flow) and returns its ofport. */
    public int addTunnelPort(String portName) {
        if (!PORT_NAME.matcher(portName).matches()) {
            throw new IllegalArgumentException("port name '" + portName + "' must be 1-15 characters of [a-z0-9_-]");
        }
        ovs.vsctl("add-port", LabNames.INTEGRATION_BRIDGE, portName, "--", "set", "interface", portName,
                "type=vxlan", "options:remote_ip=flow", "options:key=flow");
        return ofport(portName);
    }

    /**
     * What a cell does to join a controller at {@code address} (design section 3), either port optional: with
     * credentials, {@code set-ssl KEY CERT CA} and {@code ssl:} targets (mutual TLS); without, {@code tcp:}
     * targets, which only a controller with {@code southbound.plaintext = true} accepts.
     */
    public void connect(String address, OptionalInt openflowPort, OptionalInt ovsdbPort,
                        Optional<LabPki.Credentials> tls) {
        tls.ifPresent(credentials -> ovs.vsctl("set-ssl", credentials.privateKey().toString(),
                credentials.certificate().toString(), credentials.caCertificate().toString()));
        String scheme = tls.isPresent() ? "ssl:" : "tcp:";
        openflowPort.ifPresent(port -> setController(scheme + address + ":" + port));
        ovsdbPort.ifPresent(port -> setManager(scheme + address + ":" + port));
    }

    /** Points br-int at an OpenFlow controller, e.g. {@code ssl:172.31.1.1:6653}. */
    public void setController(String target) {
        ovs.vsctl("set-controller", LabNames.INTEGRATION_BRIDGE, target);
    }

    /** Sets the OVSDB manager this host's ovsdb-server dials, e.g. {@code ssl:172.31.1.1:6640}. */
    public void setManager(String target) {
        ovs.vsctl("set-manager", target);
    }

    public long vswitchdPid() {
        return ovs.vswitchdPid();
    }

    public long ovsdbServerPid() {
        return ovs.ovsdbServerPid();
    }

    /** Kills ovs-vswitchd with SIGKILL, as a crash would; ovsdb-server and the database stay. */
    public void killVswitchd() {
        ovs.killVswitchd();
    }

    /** Starts ovs-vswitchd on the existing database and puts the underlay address back on the new br-phy. */
    public void startVswitchd() {
        ovs.startVswitchd();
        configureUnderlayAddress();
    }

    /** Kills ovsdb-server with SIGKILL, as a crash would; ovs-vswitchd (and its flows) and the database stay. */
    public void killOvsdbServer() {
        ovs.killOvsdbServer();
    }

    /**
     * Starts ovsdb-server again on the database {@link #killOvsdbServer()} left, as a supervisor restarts it; a
     * running ovs-vswitchd reconnects to it by itself, and it dials its managers again.
     */
    public void startOvsdbServer() {
        ovs.startOvsdbServer();
    }

    /**
     * Sets the host's underlay link (its veth on the underlay switch, {@code ul0} in br-phy) down or up, as a pulled
     * cable or a switch port that goes down would; the management link stays.
     */
    public void setUnderlayLink(boolean up) {
        Namespaces.ipBatch(Optional.of(namespace()), List.of("link set " + LabNames.UNDERLAY_INTERFACE
                + (up ? " up" : " down")));
    }

    /**
     * Sets the host's management link (its veth to the controller's side) down or up; the underlay stays. Down
     * drops the default route through it, as the kernel does; up puts it back.
     */
    public void setManagementLink(boolean up) {
        Namespaces.ipBatch(Optional.of(namespace()), up
                ? List.of("link set " + LabNames.MANAGEMENT_INTERFACE + " up",
                        "route replace default via " + LabNames.managementGateway(managementOctet))
                : List.of("link set " + LabNames.MANAGEMENT_INTERFACE + " down"));
    }

    /** Kills ovs-vswitchd and ovsdb-server with SIGKILL, as a host that crashes or loses power; nothing restarts. */
    public void killOvs() {
        ProcessTable.killAndWait(List.of(ovs.vswitchdPid(), ovs.ovsdbServerPid()));
    }

    /** Starts both OVS daemons again on the database {@link #killOvs()} left, as a host that reboots. */
    public void startOvs() {
        ovs.startOnExistingDatabase();
        configureUnderlayAddress();
    }

    /**
     * The gateway part of the host contract (design section 3): adds {@code uplink} (an interface already in
     * this namespace) to br-int and marks the host a gateway with its next hop; {@code nat} false makes it a
     * filtering proxy without NAT.
     */
    public void configureGateway(String uplink, String nextHop, String nextHopMac, boolean nat) {
        ovs.vsctl("--may-exist", "add-port", LabNames.INTEGRATION_BRIDGE, uplink,
                "--", "set", "open_vswitch", ".", "external_ids:appnet-role=gateway",
                "external_ids:appnet-uplink=" + uplink, "external_ids:appnet-next-hop=" + nextHop,
                "external_ids:appnet-next-hop-mac=" + quoted(nextHopMac), "external_ids:appnet-gateway-nat=" + nat);
    }

    public void restartVswitchd() {
        killVswitchd();
        startVswitchd();
    }

    /** Starts tcpdump on the underlay veth (ul0) with a pcap filter such as {@code "udp port 4789"}. */
    public Capture captureUnderlay(String filter) {
        Path file = runDir().resolve("capture-" + captureCount.incrementAndGet() + ".pcap");
        return Capture.start(namespace(), LabNames.UNDERLAY_INTERFACE, filter, file, names.backgroundDir());
    }

    /**
     * Creates the container's namespace and veth (eth0 inside, MTU 1400, TX checksum offload off, address and
     * default route) and adds the host side to br-int with the contract's external ids. On failure nothing stays.
     */
    public synchronized LabContainer addContainer(ContainerSpec spec) {
        if (containers.containsKey(spec.name())) {
            throw new IllegalArgumentException("container " + spec.name() + " already exists on " + name);
        }
        String mac = spec.mac().orElseGet(LabHost::randomMac);
        String namespace = names.containerNamespace(name, spec.name());
        String port = LabNames.containerPort(spec.name());
        LabContainer container = new LabContainer(this, spec, mac, namespace, probeScript, names.backgroundDir());
        try {
            Namespaces.ipBatch(Optional.empty(), List.of("netns add " + namespace));
            Namespaces.ipBatch(Optional.of(namespace()), List.of(
                    "link add " + port + " mtu " + LabNames.CONTAINER_MTU + " type veth peer name " + LabNames.CONTAINER_INTERFACE
                            + " address " + mac + " mtu " + LabNames.CONTAINER_MTU + " netns " + namespace,
                    "link set " + port + " up"));
            Namespaces.ipBatch(Optional.of(namespace), List.of(
                    "link set lo up",
                    "link set " + LabNames.CONTAINER_INTERFACE + " up",
                    "addr add " + spec.cidr() + " dev " + LabNames.CONTAINER_INTERFACE,
                    "route add default via " + spec.gateway()));
            container.exec("ethtool", "-K", LabNames.CONTAINER_INTERFACE, "tx", "off").stdoutOrThrow();
            ovs.vsctl("add-port", LabNames.INTEGRATION_BRIDGE, port, "--", "set", "interface", port,
                    "external_ids:appnet-app-guid=" + quoted(spec.appGuid()),
                    "external_ids:appnet-ip=" + spec.ip(),
                    "external_ids:attached-mac=" + quoted(mac));
        } catch (RuntimeException e) {
            discardContainer(namespace, port, e);
            throw e;
        }
        containers.put(spec.name(), container);
        return container;
    }

    public synchronized LabContainer container(String containerName) {
        LabContainer container = containers.get(containerName);
        if (container == null) {
            throw new IllegalArgumentException("no container " + containerName + " on " + name);
        }
        return container;
    }

    public synchronized List<LabContainer> containers() {
        return List.copyOf(containers.values());
    }

    /** Deletes the container's port from br-int, ends its processes and deletes its veth and namespace. */
    public synchronized void removeContainer(String containerName) {
        LabContainer container = container(containerName);
        ovs.vsctl("--if-exists", "del-port", LabNames.INTEGRATION_BRIDGE, container.portName());
        deleteContainerNamespace(container.namespace(), container.portName());
        containers.remove(containerName);
    }

    private void discardContainer(String namespace, String port, RuntimeException cause) {
        try {
            ovs.vsctl("--if-exists", "del-port", LabNames.INTEGRATION_BRIDGE, port);
            deleteContainerNamespace(namespace, port);
        } catch (RuntimeException cleanupFailure) {
            cause.addSuppressed(cleanupFailure);
        }
    }

    /** Deleting the veth first removes both ends at once; a namespace's own devices go asynchronously. */
    private void deleteContainerNamespace(String namespace, String port) {
        Namespaces.inode(namespace).ifPresent(
                inode -> ProcessTable.killAndWait(ProcessTable.inNetworkNamespaces(Set.of(inode))));
        Namespaces.ipBatchIgnoringErrors(Optional.of(namespace()), List.of("link del " + port));
        Namespaces.ipBatchIgnoringErrors(Optional.empty(), List.of("netns del " + namespace));
        if (Namespaces.inode(namespace).isPresent()) {
            throw new CommandFailedException("could not delete namespace " + namespace);
        }
    }

    /** After ovs-vswitchd (re)creates br-phy, gives it the underlay address the kernel routes VXLAN through. */
    private void configureUnderlayAddress() {
        long deadline = System.currentTimeMillis() + DEVICE_WAIT_MILLIS;
        while (!Commands.run(List.of("ip", "-n", namespace(), "link", "show", LabNames.PHYSICAL_BRIDGE)).succeeded()) {
            if (System.currentTimeMillis() > deadline) {
                throw new CommandFailedException(LabNames.PHYSICAL_BRIDGE + " did not appear in " + namespace());
            }
            Sleep.millis(20);
        }
        Namespaces.ipBatch(Optional.of(namespace()), List.of(
                "addr replace " + underlayIp() + "/" + LabNames.NETWORK_PREFIX_LENGTH + " dev " + LabNames.PHYSICAL_BRIDGE,
                "link set " + LabNames.PHYSICAL_BRIDGE + " up"));
    }

    /** An OVSDB string atom in double quotes, so any printable GUID survives ovs-vsctl's parser. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String randomMac() {
        byte[] bytes = new byte[5];
        ThreadLocalRandom.current().nextBytes(bytes);
        StringBuilder mac = new StringBuilder("02");
        for (byte b : bytes) {
            mac.append(':').append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return mac.toString();
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + namespace() + ", underlay " + underlayIp() + ")";
    }
}
