package io.appnet.controller.topology;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.MacAddress;
import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsBridge;
import io.appnet.ovs.ovsdb.OvsInterface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What one host's OVSDB snapshot says, checked against the host contract (design section 3): its identity,
 * br-int's datapath id, the tunnel port's OpenFlow number, and its instances. An interface is an instance
 * iff it carries {@code external_ids:appnet-app-guid}; one that breaks the contract is rejected with the
 * reason, one without an OpenFlow port yet is pending. Pure.
 */
public record HostReading(OptionalLong datapathId, OptionalInt tunnelPort, Map<String, InstanceSpec> instances,
                          Map<String, String> rejected, Map<String, String> pending) {

    public static final String APP_GUID_KEY = "appnet-app-guid";
    public static final String IP_KEY = "appnet-ip";
    public static final String MAC_KEY = "attached-mac";
    private static final int MAX_NAME = 128;

    public HostReading {
        instances = Map.copyOf(instances);
        rejected = Map.copyOf(rejected);
        pending = Map.copyOf(pending);
    }

    /** Who the host says it is, or why it cannot join yet. */
    public record Identity(Optional<String> hostId, Optional<Ipv4Address> underlayIp, Optional<String> problem) {
    }

    public static Identity identify(HostSnapshot snapshot) {
        Optional<String> hostId = snapshot.hostId();
        if (hostId.isEmpty()) {
            return problem("missing external_ids:" + HostSnapshot.HOST_ID_KEY);
        }
        Optional<String> nameProblem = nameProblem(HostSnapshot.HOST_ID_KEY, hostId.get());
        if (nameProblem.isPresent()) {
            return problem(nameProblem.get());
        }
        Optional<String> underlay = snapshot.underlayIp();
        if (underlay.isEmpty()) {
            return problem("host " + hostId.get() + ": missing external_ids:" + HostSnapshot.UNDERLAY_IP_KEY);
        }
        try {
            return new Identity(hostId, Optional.of(Ipv4Address.parse(underlay.get())), Optional.empty());
        } catch (RuntimeException invalid) {
            return problem("host " + hostId.get() + ": " + HostSnapshot.UNDERLAY_IP_KEY + " '" + underlay.get()
                    + "' is not an IPv4 address");
        }
    }

    private static Identity problem(String reason) {
        return new Identity(Optional.empty(), Optional.empty(), Optional.of(reason));
    }

    /**
     * Reads the bridge's instances. An address or MAC claimed twice stays with the interface that held it
     * in {@code previouslyAccepted}, or else with the lowest interface name; the others are rejected.
     */
    public static HostReading read(HostSnapshot snapshot, Ipv4Prefix subnet, String bridgeName, String tunnelPortName,
                                   Map<String, InstanceSpec> previouslyAccepted) {
        Optional<OvsBridge> bridge = snapshot.bridge(bridgeName);
        if (bridge.isEmpty()) {
            return new HostReading(OptionalLong.empty(), OptionalInt.empty(), Map.of(), Map.of(), Map.of());
        }
        OptionalInt tunnelPort = bridge.get().port(tunnelPortName)
                .flatMap(port -> port.interfaces().stream().findFirst()).map(OvsInterface::ofport)
                .orElse(OptionalInt.empty());
        Map<String, String> rejected = new TreeMap<>();
        Map<String, String> pending = new TreeMap<>();
        List<InstanceSpec> candidates = new ArrayList<>();
        for (OvsInterface iface : bridge.get().interfaces()) {
            if (iface.externalId(APP_GUID_KEY).isEmpty()) {
                continue;
            }
            try {
                InstanceSpec spec = instance(iface, subnet);
                if (spec != null) {
                    candidates.add(spec);
                } else {
                    pending.put(iface.name(), "no OpenFlow port yet" + iface.error().map(e -> ": " + e).orElse(""));
                }
            } catch (IllegalArgumentException invalid) {
                rejected.put(iface.name(), invalid.getMessage());
            }
        }
        candidates.sort(Comparator.comparing((InstanceSpec spec) -> !spec.equals(
                previouslyAccepted.get(spec.interfaceName()))).thenComparing(InstanceSpec::interfaceName));
        Map<Ipv4Address, String> ipHolders = new HashMap<>();
        Map<MacAddress, String> macHolders = new HashMap<>();
        Map<String, InstanceSpec> instances = new TreeMap<>();
        for (InstanceSpec spec : candidates) {
            String ipHolder = ipHolders.get(spec.ip());
            String macHolder = macHolders.get(spec.mac());
            if (ipHolder != null) {
                rejected.put(spec.interfaceName(), "IP " + spec.ip() + " is already used by instance " + ipHolder);
            } else if (macHolder != null) {
                rejected.put(spec.interfaceName(), "MAC " + spec.mac() + " is already used by instance " + macHolder);
            } else {
                ipHolders.put(spec.ip(), spec.interfaceName());
                macHolders.put(spec.mac(), spec.interfaceName());
                instances.put(spec.interfaceName(), spec);
            }
        }
        return new HostReading(bridge.get().datapathId(), tunnelPort, instances, rejected, pending);
    }

    /** The instance an interface declares; null while it has no OpenFlow port; throws why it is invalid. */
    private static InstanceSpec instance(OvsInterface iface, Ipv4Prefix subnet) {
        String guid = iface.externalId(APP_GUID_KEY).orElseThrow();
        nameProblem("app GUID", guid).ifPresent(problem -> {
            throw new IllegalArgumentException("unknown app GUID format: " + problem);
        });
        String ipText = iface.externalId(IP_KEY).orElseThrow(
                () -> new IllegalArgumentException("missing external_ids:" + IP_KEY));
        Ipv4Address ip;
        try {
            ip = Ipv4Address.parse(ipText);
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException(IP_KEY + " '" + ipText + "' is not an IPv4 address");
        }
        if (!subnet.contains(ip)) {
            throw new IllegalArgumentException("IP " + ip + " is outside the host's subnet " + subnet);
        }
        if (ip.equals(subnet.network()) || ip.equals(subnet.network().plus(1)) || ip.equals(subnet.last())) {
            throw new IllegalArgumentException("IP " + ip + " is the network, gateway or broadcast address of "
                    + subnet);
        }
        String macText = iface.externalId(MAC_KEY).orElseThrow(
                () -> new IllegalArgumentException("missing external_ids:" + MAC_KEY));
        MacAddress mac;
        try {
            mac = MacAddress.parse(macText);
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException(MAC_KEY + " '" + macText + "' is not a MAC address");
        }
        if (!mac.unicast() || mac.bits() == 0) {
            throw new IllegalArgumentException(MAC_KEY + " " + mac + " is not a unicast MAC address");
        }
        if (iface.ofport().isEmpty()) {
            return null;
        }
        return new InstanceSpec(iface.name(), guid, ip, mac, iface.ofport().getAsInt());
    }

    /** The model's rule for opaque names: non-empty, at most 128 printable ASCII characters, no spaces. */
    private static Optional<String> nameProblem(String what, String name) {
        if (name.isEmpty()) {
            return Optional.of(what + " is empty");
        }
        if (name.length() > MAX_NAME) {
            return Optional.of(what + " is longer than " + MAX_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.of(what + " '" + name + "' has a character that is not printable ASCII at position "
                        + i);
            }
        }
        return Optional.empty();
    }
}
