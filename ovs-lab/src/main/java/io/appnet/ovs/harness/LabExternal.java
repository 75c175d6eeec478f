package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The external network behind egress gateways (issue 9): one namespace, {@code an-ID-ul-ext}, holding a bridge
 * (brx, the gateways' next hop) with one veth per gateway whose other end, up0, is a port of that gateway's
 * br-int, and servers on addresses of its own (on lo, routed via the bridge). Its firewall is nftables'
 * input hook: it accepts only the sources it is told to (the NAT pool), as a database's administrators would.
 * Part of its lab: the lab's teardown removes it with its processes.
 */
public final class LabExternal {

    private static final Duration LISTENER_READY = Duration.ofSeconds(10);
    private static final Duration COMMAND_SLACK = Duration.ofSeconds(5);
    /** The external bridge's MAC, every gateway's appnet-next-hop-mac (locally administered; lab.env). */
    private static final String NEXT_HOP_MAC = LabNames.EXTERNAL_BRIDGE_MAC;

    private final Lab lab;
    private final String namespace;
    private final String nextHop;
    private final String nextHopMac;

    private LabExternal(Lab lab, String nextHop, String nextHopMac) {
        this.lab = lab;
        this.namespace = lab.names().externalNamespace();
        this.nextHop = nextHop;
        this.nextHopMac = nextHopMac;
    }

    /**
     * Creates the namespace: the bridge with {@code nextHopCidr} (e.g. 203.0.113.1/24, on the pool's link) and
     * {@code serverAddresses} (e.g. 198.51.100.10) on lo. Checksum offload is off on its devices: the gateways'
     * userspace conntrack marks packets with unfinished checksums invalid.
     */
    public static LabExternal create(Lab lab, String nextHopCidr, List<String> serverAddresses) {
        String namespace = lab.names().externalNamespace();
        String bridge = LabNames.EXTERNAL_BRIDGE;
        Namespaces.ipBatch(Optional.empty(), List.of("netns add " + namespace));
        // A fixed MAC: a bridge without one takes its lowest port's, so the gateways' next-hop MAC would change.
        List<String> setup = new ArrayList<>(List.of("link set lo up", "link add " + bridge + " type bridge",
                "link set " + bridge + " address " + NEXT_HOP_MAC, "addr add " + nextHopCidr + " dev " + bridge,
                "link set " + bridge + " up"));
        serverAddresses.forEach(address -> setup.add("addr add " + Addresses.requireAddress("server address", address)
                + "/32 dev lo"));
        Namespaces.ipBatch(Optional.of(namespace), setup);
        inNamespace(namespace, "ethtool", "-K", bridge, "tx", "off").stdoutOrThrow();
        return new LabExternal(lab, nextHopCidr.substring(0, nextHopCidr.indexOf('/')), NEXT_HOP_MAC);
    }

    public String namespace() {
        return namespace;
    }

    /** The bridge's address: every gateway's appnet-next-hop. */
    public String nextHop() {
        return nextHop;
    }

    public String nextHopMac() {
        return nextHopMac;
    }

    /**
     * Connects the gateway host to the bridge with a veth (up0 on its side) and configures it as a gateway with
     * this network's next hop (the host contract's gateway part).
     */
    public void attach(LabHost gateway, boolean nat) {
        String uplink = LabNames.UPLINK_INTERFACE;
        Namespaces.ipBatch(Optional.of(gateway.namespace()), List.of(
                "link add " + uplink + " type veth peer name " + gateway.name() + " netns " + namespace,
                "link set " + uplink + " up"));
        Namespaces.ipBatch(Optional.of(namespace), List.of(
                "link set " + gateway.name() + " master " + LabNames.EXTERNAL_BRIDGE + " up"));
        inNamespace(namespace, "ethtool", "-K", gateway.name(), "tx", "off").stdoutOrThrow();
        gateway.exec("ethtool", "-K", uplink, "tx", "off").stdoutOrThrow();
        gateway.configureGateway(uplink, nextHop, nextHopMac, nat);
    }

    /**
     * The firewall: nftables drops every packet to this namespace except from {@code sources} (addresses,
     * CIDRs or a-b ranges) and its own lo; the drops are counted ({@link #firewallDrops()}).
     */
    public void acceptOnly(List<String> sources) {
        String ruleset = "table inet appnet_external {\n"
                + "  counter refused { }\n"
                + "  set allowed { type ipv4_addr; flags interval; elements = { " + String.join(", ", sources) + " } }\n"
                + "  chain input {\n"
                + "    type filter hook input priority filter; policy drop;\n"
                + "    iif lo accept\n"
                + "    ip saddr @allowed accept\n"
                + "    counter name refused drop\n"
                + "  }\n"
                + "}\n";
        Path file = lab.runDir().resolve("external-firewall.nft");
        try {
            Files.writeString(file, ruleset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exec("nft", "-f", file.toString()).stdoutOrThrow();
    }

    /** Packets the firewall has dropped so far. */
    public long firewallDrops() {
        String out = exec("nft", "list", "counter", "inet", "appnet_external", "refused").stdoutOrThrow();
        int at = out.indexOf("packets ");
        return Long.parseLong(out.substring(at + 8).split("\\s+")[0]);
    }

    /** A route in this namespace, e.g. towards the overlay through a gateway, for tests of the reverse direction. */
    public void addRoute(String cidr, String via) {
        Namespaces.ipBatch(Optional.of(namespace), List.of("route replace " + cidr + " via " + via));
    }

    /** Starts a TCP echo server that prints {@code peer IP PORT} for every connection; returns once it listens. */
    public BackgroundProcess startTcpEcho(int port) {
        return startListener("tcp-echo", port);
    }

    /**
     * Starts a UDP echo server on {@code address} (one of the server addresses: bound to 0.0.0.0 it would answer
     * from the bridge's address, which no connection expects) that prints {@code peer IP PORT} for every
     * datagram; returns once it is bound.
     */
    public BackgroundProcess startUdpEcho(String address, int port) {
        return startListener("udp-echo", port, Addresses.requireAddress("server address", address));
    }

    /** True if a TCP connection from this namespace to ip:port is established within the timeout. */
    public boolean tcpConnect(String ip, int port, Duration timeout) {
        return probe(timeout, "tcp-connect", Addresses.requireAddress("target", ip), Integer.toString(port),
                Double.toString(timeout.toMillis() / 1000.0)).succeeded();
    }

    /** Sends datagrams to ip:port for the timeout; true if anything answered. */
    public boolean udpExchange(String ip, int port, String message, Duration timeout) {
        return probe(timeout, "udp-exchange", Addresses.requireAddress("target", ip), Integer.toString(port), message,
                Double.toString(timeout.toMillis() / 1000.0)).succeeded();
    }

    /** Runs a command in this namespace; a non-zero exit is returned, not thrown. */
    public CommandResult exec(String... command) {
        return inNamespace(namespace, command);
    }

    private BackgroundProcess startListener(String verb, int port, String... address) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", lab.probeScript().toString(), verb,
                Integer.toString(port)));
        command.addAll(List.of(address));
        BackgroundProcess listener = BackgroundProcess.start(verb + "-ext-" + port,
                Namespaces.commandIn(namespace, command), Map.of(), lab.names().backgroundDir());
        try {
            listener.awaitOutput("listening", LISTENER_READY);
        } catch (RuntimeException e) {
            listener.stop();
            throw e;
        }
        return listener;
    }

    private CommandResult probe(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", lab.probeScript().toString()));
        command.addAll(List.of(args));
        return Commands.run(Namespaces.commandIn(namespace, command), Map.of(), null, timeout.plus(COMMAND_SLACK));
    }

    private static CommandResult inNamespace(String namespace, String... command) {
        return Commands.run(Namespaces.commandIn(namespace, List.of(command)));
    }
}
