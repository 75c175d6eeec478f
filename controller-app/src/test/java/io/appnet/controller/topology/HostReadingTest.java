package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.MacAddress;
import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsBridge;
import io.appnet.ovs.ovsdb.OvsInterface;
import io.appnet.ovs.ovsdb.OvsPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The host contract read from OVSDB rows: identity, datapath, tunnel port, instances, and refusals. */
class HostReadingTest {
    private static final Ipv4Prefix SUBNET = Ipv4Prefix.parse("10.255.1.0/24");

    private static OvsInterface iface(String name, int ofport, Map<String, String> externalIds) {
        return new OvsInterface("uuid-" + name, name, "", ofport < 0 ? OptionalInt.empty() : OptionalInt.of(ofport),
                externalIds, Map.of(), Optional.empty(), Optional.empty());
    }

    private static OvsInterface container(String name, int ofport, String guid, String ip, String mac) {
        return iface(name, ofport, Map.of("appnet-app-guid", guid, "appnet-ip", ip, "attached-mac", mac));
    }

    private static HostSnapshot host(OvsInterface... interfaces) {
        List<OvsPort> ports = new ArrayList<>();
        ports.add(new OvsPort("uuid-tunnel", "appnet-vxlan", List.of(new OvsInterface("uuid-t", "appnet-vxlan",
                "vxlan", OptionalInt.of(1), Map.of(), Map.of("key", "flow"), Optional.empty(), Optional.empty()))));
        for (OvsInterface iface : interfaces) {
            ports.add(new OvsPort("port-" + iface.name(), iface.name(), List.of(iface)));
        }
        return new HostSnapshot(Optional.of("ovs-uuid"), Map.of("appnet-host-id", "h1",
                "appnet-underlay-ip", "192.168.50.11"),
                List.of(new OvsBridge("br-uuid", "br-int", OptionalLong.of(0x42), Map.of(), ports)));
    }

    private static HostReading read(HostSnapshot snapshot, Map<String, InstanceSpec> accepted) {
        return HostReading.read(snapshot, SUBNET, "br-int", "appnet-vxlan", accepted);
    }

    @Test
    void aHostIsKnownByItsIdAndUnderlayAddress() {
        HostReading.Identity identity = HostReading.identify(host());
        assertThat(identity.hostId()).contains("h1");
        assertThat(identity.underlayIp()).contains(Ipv4Address.parse("192.168.50.11"));
        assertThat(identity.problem()).isEmpty();

        assertThat(HostReading.identify(HostSnapshot.empty()).problem())
                .contains("missing external_ids:appnet-host-id");
        HostSnapshot noUnderlay = new HostSnapshot(Optional.of("u"), Map.of("appnet-host-id", "h1"), List.of());
        assertThat(HostReading.identify(noUnderlay).problem()).contains("host h1: missing external_ids:appnet-underlay-ip");
        HostSnapshot badUnderlay = new HostSnapshot(Optional.of("u"),
                Map.of("appnet-host-id", "h1", "appnet-underlay-ip", "300.1.1.1"), List.of());
        assertThat(HostReading.identify(badUnderlay).problem())
                .contains("host h1: appnet-underlay-ip '300.1.1.1' is not an IPv4 address");
    }

    @Test
    void interfacesWithAnAppGuidAreInstancesOthersAreNot() {
        HostReading reading = read(host(container("c-web1", 2, "web", "10.255.1.10", "02:00:00:00:00:0a"),
                iface("br-int", 65534, Map.of())), Map.of());

        assertThat(reading.datapathId()).hasValue(0x42);
        assertThat(reading.tunnelPort()).hasValue(1);
        assertThat(reading.instances()).containsOnlyKeys("c-web1");
        assertThat(reading.instances().get("c-web1")).isEqualTo(new InstanceSpec("c-web1", "web",
                Ipv4Address.parse("10.255.1.10"), MacAddress.parse("02:00:00:00:00:0a"), 2));
        assertThat(reading.rejected()).isEmpty();
    }

    @Test
    void everyBreachOfTheContractIsRejectedWithItsReason() {
        HostReading reading = read(host(
                container("c-out", 2, "web", "10.255.2.10", "02:00:00:00:00:01"),
                container("c-gw", 3, "web", "10.255.1.1", "02:00:00:00:00:02"),
                container("c-bcast", 4, "web", "10.255.1.255", "02:00:00:00:00:03"),
                container("c-noip", 5, "web", "ten", "02:00:00:00:00:04"),
                container("c-guid", 6, "a guid", "10.255.1.11", "02:00:00:00:00:05"),
                container("c-mac", 7, "web", "10.255.1.12", "01:00:00:00:00:06"),
                iface("c-nomac", 8, Map.of("appnet-app-guid", "web", "appnet-ip", "10.255.1.13"))), Map.of());

        assertThat(reading.instances()).isEmpty();
        assertThat(reading.rejected()).isEqualTo(Map.of(
                "c-out", "IP 10.255.2.10 is outside the host's subnet 10.255.1.0/24",
                "c-gw", "IP 10.255.1.1 is the network, gateway or broadcast address of 10.255.1.0/24",
                "c-bcast", "IP 10.255.1.255 is the network, gateway or broadcast address of 10.255.1.0/24",
                "c-noip", "appnet-ip 'ten' is not an IPv4 address",
                "c-guid", "unknown app GUID format: app GUID 'a guid' has a character that is not printable ASCII"
                        + " at position 1",
                "c-mac", "attached-mac 01:00:00:00:00:06 is not a unicast MAC address",
                "c-nomac", "missing external_ids:attached-mac"));
    }

    @Test
    void anInterfaceWithoutAnOpenflowPortYetIsPending() {
        HostReading reading = read(host(container("c-web1", -1, "web", "10.255.1.10", "02:00:00:00:00:0a")),
                Map.of());
        assertThat(reading.instances()).isEmpty();
        assertThat(reading.rejected()).isEmpty();
        assertThat(reading.pending()).containsOnlyKeys("c-web1");
    }

    @Test
    void aDuplicateAddressStaysWithTheInstanceThatHadItElseWithTheLowestName() {
        OvsInterface first = container("c-b", 2, "web", "10.255.1.10", "02:00:00:00:00:0a");
        OvsInterface second = container("c-a", 3, "web", "10.255.1.10", "02:00:00:00:00:0b");

        HostReading fresh = read(host(first, second), Map.of());
        assertThat(fresh.instances()).containsOnlyKeys("c-a");
        assertThat(fresh.rejected()).containsEntry("c-b", "IP 10.255.1.10 is already used by instance c-a");

        InstanceSpec held = new InstanceSpec("c-b", "web", Ipv4Address.parse("10.255.1.10"),
                MacAddress.parse("02:00:00:00:00:0a"), 2);
        HostReading later = read(host(first, second), Map.of("c-b", held));
        assertThat(later.instances()).containsOnlyKeys("c-b");
        assertThat(later.rejected()).containsEntry("c-a", "IP 10.255.1.10 is already used by instance c-b");

        HostReading sameMac = read(host(first, container("c-c", 4, "web", "10.255.1.11", "02:00:00:00:00:0a")),
                Map.of());
        assertThat(sameMac.rejected()).containsEntry("c-c", "MAC 02:00:00:00:00:0a is already used by instance c-b");
    }

    @Test
    void aHostWithoutItsBridgeHasNothingYet() {
        HostSnapshot bare = new HostSnapshot(Optional.of("u"), Map.of("appnet-host-id", "h1"), List.of());
        HostReading reading = read(bare, Map.of());
        assertThat(reading.datapathId()).isEmpty();
        assertThat(reading.tunnelPort()).isEmpty();
        assertThat(reading.instances()).isEmpty();
    }
}
