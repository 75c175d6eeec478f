package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsInterface;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over random bridges whose interfaces share a few IPs and MACs (some invalid): every claimant is accounted
 * for, instances never share an address, and an accepted instance is never displaced by a newcomer.
 */
class HostReadingProperties {
    private static final Ipv4Prefix SUBNET = Ipv4Prefix.parse("10.255.1.0/24");

    @Provide
    Arbitrary<List<OvsInterface>> bridges() {
        Arbitrary<String> ips = Arbitraries.of("10.255.1.10", "10.255.1.11", "10.255.1.12", "10.255.1.1",
                "10.255.2.10");
        Arbitrary<String> macs = Arbitraries.of("02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:0c",
                "01:00:00:00:00:0a");
        Arbitrary<String> guids = Arbitraries.of("web", "api", "bad guid");
        Arbitrary<Boolean> candidate = Arbitraries.of(true, true, true, false);
        Arbitrary<OptionalInt> ofports = Arbitraries.integers().between(0, 4)
                .map(n -> n == 0 ? OptionalInt.empty() : OptionalInt.of(n));
        Arbitrary<OvsInterface> ifaces = Combinators.combine(candidate, guids, ips, macs, ofports)
                .as((isCandidate, guid, ip, mac, ofport) -> HostReadingTest.iface("name", "", ofport,
                        isCandidate ? Map.of("appnet-app-guid", guid, "appnet-ip", ip, "attached-mac", mac)
                                : Map.of("attached-mac", mac), Optional.empty()));
        return ifaces.list().ofMaxSize(12).map(HostReadingProperties::named);
    }

    /** Unique names and OpenFlow ports, as OVS gives them. */
    private static List<OvsInterface> named(List<OvsInterface> interfaces) {
        List<OvsInterface> named = new ArrayList<>();
        for (int i = 0; i < interfaces.size(); i++) {
            OvsInterface iface = interfaces.get(i);
            OptionalInt ofport = iface.ofport().isPresent() ? OptionalInt.of(10 + i) : OptionalInt.empty();
            named.add(HostReadingTest.iface("veth" + (char) ('a' + i), "", ofport, iface.externalIds(),
                    Optional.empty()));
        }
        return named;
    }

    private static HostReading read(List<OvsInterface> interfaces, Map<String, InstanceSpec> accepted) {
        HostSnapshot snapshot = HostReadingTest.host(OptionalLong.of(1), interfaces);
        return HostReading.read(snapshot, SUBNET, "br-int", "appnet-vxlan", accepted);
    }

    @Property(tries = 500)
    void everyClaimantIsAnInstanceRejectedOrPendingAndInstancesShareNoAddress(
            @ForAll("bridges") List<OvsInterface> interfaces, @ForAll long shuffleSeed) {
        HostReading reading = read(interfaces, Map.of());

        Set<String> claimants = interfaces.stream().filter(i -> i.externalId("appnet-app-guid").isPresent())
                .map(OvsInterface::name).collect(Collectors.toSet());
        List<String> accountedFor = new ArrayList<>(reading.instances().keySet());
        accountedFor.addAll(reading.rejected().keySet());
        accountedFor.addAll(reading.pending().keySet());
        assertThat(accountedFor).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(claimants);

        Collection<InstanceSpec> instances = reading.instances().values();
        assertThat(instances.stream().map(InstanceSpec::ip)).doesNotHaveDuplicates();
        assertThat(instances.stream().map(InstanceSpec::mac)).doesNotHaveDuplicates();
        instances.forEach(spec -> {
            assertThat(SUBNET.contains(spec.ip())).isTrue();
            assertThat(spec.mac().unicast()).isTrue();
        });

        List<OvsInterface> shuffled = new ArrayList<>(interfaces);
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        assertThat(read(shuffled, Map.of())).as("port order does not matter").isEqualTo(reading);
        assertThat(read(interfaces, reading.instances())).as("a reading is stable").isEqualTo(reading);
    }

    @Property(tries = 500)
    void anAcceptedInstanceIsNeverDisplacedByANewcomer(@ForAll("bridges") List<OvsInterface> interfaces,
                                                      @ForAll("bridges") List<OvsInterface> newcomers) {
        HostReading before = read(interfaces, Map.of());
        List<OvsInterface> more = new ArrayList<>(interfaces);
        for (OvsInterface newcomer : newcomers) {
            // "new-" sorts before "veth", so only the previously-accepted rule keeps the incumbents' addresses.
            more.add(HostReadingTest.iface("new-" + newcomer.name(), "", newcomer.ofport().isPresent()
                    ? OptionalInt.of(100 + more.size()) : OptionalInt.empty(), newcomer.externalIds(),
                    Optional.empty()));
        }
        HostReading after = read(more, before.instances());
        assertThat(after.instances()).containsAllEntriesOf(before.instances());
    }
}
