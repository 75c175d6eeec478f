package io.appnet.controller.topology;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.model.ModelException;
import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsBridge;
import io.appnet.ovs.ovsdb.OvsInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What one host's OVSDB snapshot says, checked against the host contract (design section 3): br-int's datapath
 * id, the tunnel port's OpenFlow number, and the instances. An interface of the bridge is an instance iff it
 * carries {@code external_ids:appnet-app-guid}; one that breaks the contract is rejected with a reason an
 * operator can act on, one that only lacks its OpenFlow port is pending (OVS has not finished adding it), so
 * bad input never reaches the flow compiler. Pure; every map is ordered by interface name.
 */
public record HostReading(OptionalLong datapathId, OptionalInt tunnelPort, SortedMap<String, InstanceSpec> instances,
                          SortedMap<String, String> rejected, SortedMap<String, String> pending) {

    public static final String APP_GUID_KEY = "appnet-app-guid";
    public static final String IP_KEY = "appnet-ip";
    public static final String MAC_KEY = "attached-mac";
    /** The same rule as the model's names (flow-compiler {@code Names.check}), so the model never refuses one. */
    private static final int MAX_NAME_LENGTH = 128;
    /** Interface types that carry tunnelled or bridged traffic, never one container's. */
    static final Set<String> NOT_CONTAINER_TYPES = Set.of("vxlan", "geneve", "gre", "ip6gre", "erspan",
            "ip6erspan", "stt", "lisp", "gtpu", "bareudp", "srv6", "patch");

    public HostReading {
        instances = Collections.unmodifiableSortedMap(new TreeMap<>(instances));
        rejected = Collections.unmodifiableSortedMap(new TreeMap<>(rejected));
        pending = Collections.unmodifiableSortedMap(new TreeMap<>(pending));
    }

    /**
     * Who a host says it is: its id and underlay address, or the problem that keeps it from joining (then the
     * underlay address is empty, and so is the id unless only the address is at fault).
     */
    public record Identity(Optional<String> hostId, Optional<Ipv4Address> underlayIp, Optional<String> problem) {
        public Identity {
            if (problem.isPresent() == underlayIp.isPresent() || hostId.isEmpty() && underlayIp.isPresent()) {
                throw new IllegalArgumentException("an identity has a host id and underlay IP, or a problem");
            }
        }

        static Identity of(String hostId, Ipv4Address underlayIp) {
            return new Identity(Optional.of(hostId), Optional.of(underlayIp), Optional.empty());
        }

        static Identity problem(Optional<String> hostId, String problem) {
            return new Identity(hostId, Optional.empty(), Optional.of(problem));
        }
    }

    /** The host's id and underlay IP from the Open_vSwitch record's external_ids. */
    public static Identity identify(HostSnapshot snapshot) {
        Optional<String> hostId = snapshot.hostId();
        if (hostId.isEmpty()) {
            return Identity.problem(Optional.empty(), "missing external_ids:" + HostSnapshot.HOST_ID_KEY);
        }
        Optional<String> badName = nameProblem(hostId.get());
        if (badName.isPresent()) {
            return Identity.problem(Optional.empty(), HostSnapshot.HOST_ID_KEY + " " + badName.get());
        }
        String host = "host " + hostId.get() + ": ";
        Optional<String> underlayText = snapshot.underlayIp();
        if (underlayText.isEmpty()) {
            return Identity.problem(hostId, host + "missing external_ids:" + HostSnapshot.UNDERLAY_IP_KEY);
        }
        Optional<Ipv4Address> underlay = ipv4(underlayText.get());
        if (underlay.isEmpty()) {
            return Identity.problem(hostId, host + HostSnapshot.UNDERLAY_IP_KEY + " " + shown(underlayText.get())
                    + " is not an IPv4 address");
        }
        int bits = underlay.get().bits();
        if (bits == 0 || bits >>> 28 >= 0xE) {
            return Identity.problem(hostId, host + HostSnapshot.UNDERLAY_IP_KEY + " " + underlay.get()
                    + " is not a unicast address");
        }
        return Identity.of(hostId.get(), underlay.get());
    }

    /**
     * Reads bridge {@code bridgeName} of a host leased {@code subnet}. An IP or MAC that several interfaces
     * claim belongs to the one {@code previouslyAccepted} gave it to, if that one still claims it, or else to
     * the lowest interface name; the other claimants are rejected, so an instance never loses its address to
     * a newcomer. An owner rejected for its other address still keeps this one from the others: an address never
     * moves between two misconfigured interfaces. A missing bridge reads as nothing yet.
     */
    public static HostReading read(HostSnapshot snapshot, Ipv4Prefix subnet, String bridgeName, String tunnelPortName,
                                   Map<String, InstanceSpec> previouslyAccepted) {
        Optional<OvsBridge> bridge = snapshot.bridge(bridgeName);
        if (bridge.isEmpty()) {
            return new HostReading(OptionalLong.empty(), OptionalInt.empty(), new TreeMap<>(), new TreeMap<>(),
                    new TreeMap<>());
        }
        OptionalInt tunnelPort = bridge.get().port(tunnelPortName)
                .flatMap(port -> port.interfaces().stream().filter(i -> i.name().equals(tunnelPortName)).findFirst())
                .map(HostReading::usableOfport).orElse(OptionalInt.empty());
        SortedMap<String, String> rejected = new TreeMap<>();
        SortedMap<String, String> pending = new TreeMap<>();
        List<InstanceSpec> candidates = new ArrayList<>();
        for (OvsInterface iface : bridge.get().interfaces()) {
            Optional<String> guid = iface.externalId(APP_GUID_KEY);
            if (guid.isEmpty()) {
                continue;
            }
            try {
                checkGuid(iface, guid.get());
                Ipv4Address ip = checkedIp(iface, subnet);
                MacAddress mac = checkedMac(iface);
                OptionalInt ofport = usableOfport(iface);
                if (ofport.isEmpty()) {
                    pending.put(iface.name(), "no OpenFlow port yet" + iface.error().map(e -> ": " + e).orElse(""));
                } else {
                    candidates.add(new InstanceSpec(iface.name(), guid.get(), ip, mac, ofport.getAsInt()));
                }
            } catch (IllegalArgumentException breach) {
                rejected.put(iface.name(), breach.getMessage());
            }
        }
        candidates.sort(Comparator.comparing(InstanceSpec::interfaceName));
        Map<Ipv4Address, String> ipOwners = owners(candidates, InstanceSpec::ip, previouslyAccepted);
        Map<MacAddress, String> macOwners = owners(candidates, InstanceSpec::mac, previouslyAccepted);
        SortedMap<String, InstanceSpec> instances = new TreeMap<>();
        for (InstanceSpec spec : candidates) {
            String ipOwner = ipOwners.get(spec.ip());
            String macOwner = macOwners.get(spec.mac());
            if (!ipOwner.equals(spec.interfaceName())) {
                rejected.put(spec.interfaceName(), "IP " + spec.ip() + " is already used by instance " + ipOwner);
            } else if (!macOwner.equals(spec.interfaceName())) {
                rejected.put(spec.interfaceName(), "MAC " + spec.mac() + " is already used by instance " + macOwner);
            } else {
                instances.put(spec.interfaceName(), spec);
            }
        }
        return new HostReading(bridge.get().datapathId(), tunnelPort, instances, rejected, pending);
    }

    /** Who owns each value: its previous holder among the claimants, else the first claimant by name. */
    private static <K> Map<K, String> owners(List<InstanceSpec> candidatesByName, Function<InstanceSpec, K> value,
                                             Map<String, InstanceSpec> previouslyAccepted) {
        Map<K, String> owners = new HashMap<>();
        for (InstanceSpec spec : candidatesByName) {
            InstanceSpec before = previouslyAccepted.get(spec.interfaceName());
            if (before != null && value.apply(before).equals(value.apply(spec))) {
                owners.putIfAbsent(value.apply(spec), spec.interfaceName());
            }
        }
        candidatesByName.forEach(spec -> owners.putIfAbsent(value.apply(spec), spec.interfaceName()));
        return owners;
    }

    private static void checkGuid(OvsInterface iface, String guid) {
        nameProblem(guid).ifPresent(problem -> {
            throw new IllegalArgumentException("unknown app GUID format: " + problem);
        });
        if (NOT_CONTAINER_TYPES.contains(iface.type())) {
            throw new IllegalArgumentException("an interface of type " + iface.type() + " cannot be an instance");
        }
    }

    private static Ipv4Address checkedIp(OvsInterface iface, Ipv4Prefix subnet) {
        String text = iface.externalId(IP_KEY)
                .orElseThrow(() -> new IllegalArgumentException("missing external_ids:" + IP_KEY));
        Ipv4Address ip = ipv4(text).orElseThrow(() -> new IllegalArgumentException(IP_KEY + " " + shown(text)
                + " is not an IPv4 address"));
        if (!subnet.contains(ip)) {
            throw new IllegalArgumentException("IP " + ip + " is outside the host's subnet " + subnet);
        }
        if (ip.equals(subnet.network())) {
            throw new IllegalArgumentException("IP " + ip + " is the network address of " + subnet);
        }
        if (ip.equals(subnet.network().plus(1))) {
            throw new IllegalArgumentException("IP " + ip + " is the gateway address of " + subnet);
        }
        if (ip.equals(subnet.last())) {
            throw new IllegalArgumentException("IP " + ip + " is the broadcast address of " + subnet);
        }
        return ip;
    }

    private static MacAddress checkedMac(OvsInterface iface) {
        String text = iface.externalId(MAC_KEY)
                .orElseThrow(() -> new IllegalArgumentException("missing external_ids:" + MAC_KEY));
        return unicastMac(MAC_KEY, text);
    }

    /** A unicast, non-zero MAC in ASCII hex, or an exception naming {@code field}. */
    static MacAddress unicastMac(String field, String text) {
        MacAddress mac;
        try {
            mac = MacAddress.parse(text);
        } catch (ModelException invalid) {
            mac = null;
        }
        // MacAddress.parse also takes non-ASCII digits; OVS and the kernel take ASCII hex only.
        if (mac == null || !mac.toString().equalsIgnoreCase(text)) {
            throw new IllegalArgumentException(field + " " + shown(text) + " is not a MAC address");
        }
        if (!mac.unicast()) {
            throw new IllegalArgumentException(field + " " + mac + " is not a unicast MAC address");
        }
        if (mac.bits() == 0) {
            throw new IllegalArgumentException(field + " " + mac + " is the all-zero MAC address");
        }
        return mac;
    }

    /** OVS reports -1 (read as empty) until it has added the interface; anything not positive is not a port. */
    static OptionalInt usableOfport(OvsInterface iface) {
        return iface.ofport().isPresent() && iface.ofport().getAsInt() > 0 ? iface.ofport() : OptionalInt.empty();
    }

    /** Dotted decimal only: the model's parser also takes "010" or "+1", which other tools read differently. */
    static Optional<Ipv4Address> ipv4(String text) {
        try {
            Ipv4Address ip = Ipv4Address.parse(text);
            return ip.toString().equals(text) ? Optional.of(ip) : Optional.empty();
        } catch (ModelException invalid) {
            return Optional.empty();
        }
    }

    /** Why {@code name} breaks the model's name rule (non-empty, <= 128 printable ASCII, no spaces), if it does. */
    private static Optional<String> nameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("'' is empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of(shown(name) + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.of(shown(name) + " has a space or a character that is not printable ASCII at "
                        + "position " + i);
            }
        }
        return Optional.empty();
    }

    /** A value from the host, quoted for a log line: cut short, control characters escaped. */
    static String shown(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        StringBuilder text = new StringBuilder("'");
        cut.chars().forEach(c -> text.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : (char) c));
        return text.append('\'').toString();
    }
}
