package io.appnet.ovs.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container on a lab host: a namespace whose eth0 is a veth to br-int, attached as the host contract says.
 * Traffic helpers run inside the container and answer what a user would check (did it connect, what came back).
 */
public final class LabContainer {

    private static final Duration LISTENER_READY = Duration.ofSeconds(10);
    private static final Duration COMMAND_SLACK = Duration.ofSeconds(5);

    private final LabHost host;
    private final ContainerSpec spec;
    private final String mac;
    private final String namespace;
    private final Path probeScript;
    private final Path backgroundDir;

    LabContainer(LabHost host, ContainerSpec spec, String mac, String namespace, Path probeScript, Path backgroundDir) {
        this.host = host;
        this.spec = spec;
        this.mac = mac;
        this.namespace = namespace;
        this.probeScript = probeScript;
        this.backgroundDir = backgroundDir;
    }

    public String name() {
        return spec.name();
    }

    public LabHost host() {
        return host;
    }

    public String appGuid() {
        return spec.appGuid();
    }

    public String ip() {
        return spec.ip();
    }

    public int prefixLength() {
        return spec.prefixLength();
    }

    public String gateway() {
        return spec.gateway();
    }

    /** MAC of the container's eth0 (the attached-mac external id). */
    public String mac() {
        return mac;
    }

    public String namespace() {
        return namespace;
    }

    /** Name of the host-side veth, the container's port on br-int. */
    public String portName() {
        return LabNames.containerPort(spec.name());
    }

    /** The OpenFlow port number of the container's port on br-int, as OVS reports it now. */
    public int ofport() {
        return host.ofport(portName());
    }

    /** Runs a command inside the container; a non-zero exit is returned, not thrown. */
    public CommandResult exec(String... command) {
        return Commands.run(Namespaces.commandIn(namespace, List.of(command)));
    }

    /** True once one echo reply arrives within the timeout (requests are sent every 200 ms). */
    public boolean ping(String ip, Duration timeout) {
        Addresses.requireAddress("ping target", ip);
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return run(timeout, "ping", "-n", "-q", "-c", "1", "-i", "0.2", "-w", Long.toString(seconds), ip).succeeded();
    }

    /** True if a TCP connection to ip:port is established within the timeout. */
    public boolean tcpConnect(String ip, int port, Duration timeout) {
        return probe(timeout, "tcp-connect", Addresses.requireAddress("target", ip), port(port), seconds(timeout))
                .succeeded();
    }

    /** Connects, sends {@code message} and returns what the peer sent back (empty if it could not connect). */
    public Optional<String> tcpExchange(String ip, int port, String message, Duration timeout) {
        CommandResult result = probe(timeout, "tcp-exchange", Addresses.requireAddress("target", ip), port(port),
                message, seconds(timeout));
        return result.succeeded() ? Optional.of(result.stdout()) : Optional.empty();
    }

    /** Sends {@code message} in a datagram (repeated until answered) and returns the first reply, if any. */
    public Optional<String> udpExchange(String ip, int port, String message, Duration timeout) {
        CommandResult result = probe(timeout, "udp-exchange", Addresses.requireAddress("target", ip), port(port),
                message, seconds(timeout));
        return result.succeeded() ? Optional.of(result.stdout()) : Optional.empty();
    }

    /** Starts a TCP echo server on 0.0.0.0:port in the container; returns once it listens. */
    public BackgroundProcess startTcpEcho(int port) {
        return startListener("tcp-echo", port);
    }

    /** Starts a UDP echo server on 0.0.0.0:port in the container; returns once it is bound. */
    public BackgroundProcess startUdpEcho(int port) {
        return startListener("udp-echo", port);
    }

    /**
     * Opens one TCP connection to an echo server and keeps sending a numbered line every {@code interval};
     * each echoed line appears in the process's output as {@code echo SEQ EPOCH_SECONDS}, and
     * {@code ended ...} when the connection ends. Returns once connected.
     */
    public BackgroundProcess startTcpStream(String ip, int port, Duration interval) {
        BackgroundProcess stream = startBackground("tcp-stream-" + port, "/usr/bin/python3", probeScript.toString(),
                "tcp-stream", Addresses.requireAddress("target", ip), port(port), seconds(interval));
        try {
            stream.awaitOutput("connected", LISTENER_READY);
        } catch (RuntimeException e) {
            stream.stop();
            throw e;
        }
        return stream;
    }

    /** Starts any command in the container in the background, its pid tracked by the lab. */
    public BackgroundProcess startBackground(String label, String... command) {
        return BackgroundProcess.start(label, Namespaces.commandIn(namespace, List.of(command)), Map.of(), backgroundDir);
    }

    /** A permanent neighbour entry on eth0, for tests that answer ARP without a controller. */
    public void setNeighbour(String ip, String neighbourMac) {
        Addresses.requireAddress("neighbour address", ip);
        Addresses.requireMac("neighbour MAC", neighbourMac);
        exec("ip", "neigh", "replace", ip, "lladdr", neighbourMac, "dev", LabNames.CONTAINER_INTERFACE, "nud", "permanent")
                .stdoutOrThrow();
    }

    private BackgroundProcess startListener(String verb, int port) {
        BackgroundProcess listener = startBackground(verb + "-" + port, "/usr/bin/python3", probeScript.toString(),
                verb, port(port));
        try {
            listener.awaitOutput("listening", LISTENER_READY);
        } catch (RuntimeException e) {
            listener.stop();
            throw e;
        }
        return listener;
    }

    private CommandResult probe(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", probeScript.toString()));
        command.addAll(List.of(args));
        return run(timeout, command.toArray(String[]::new));
    }

    private CommandResult run(Duration timeout, String... command) {
        return Commands.run(Namespaces.commandIn(namespace, List.of(command)), Map.of(), null, timeout.plus(COMMAND_SLACK));
    }

    private static String port(int port) {
        return Integer.toString(Addresses.requirePort("port", port));
    }

    private static String seconds(Duration timeout) {
        return Double.toString(timeout.toMillis() / 1000.0);
    }

    @Override
    public String toString() {
        return name() + "@" + host.name() + " (" + ip() + ", " + mac + ")";
    }
}
