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
    private static final Map<String, String> HOST_IDS = Map.of("appnet-host-id", "h1",
            "appnet-underlay-ip", "192.168.50.11");

    static OvsInterface iface(String name, String type, OptionalInt ofport, Map<String, String> externalIds,
                              Optional<String> error) {
        return new OvsInterface("uuid-" + name, name, type, ofport, externalIds, Map.of(), Optional.empty(), error);
    }

    static OvsInterface container(String name, int ofport, String guid, String ip, String mac) {
        return iface(name, "", OptionalInt.of(ofport), Map.of("appnet-app-guid", guid, "appnet-ip", ip,
                "attached-mac", mac), Optional.empty());
    }

    static OvsInterface tunnel(OptionalInt ofport) {
        return iface("appnet-vxlan", "vxlan", ofport, Map.of(), Optional.empty());
    }

    static HostSnapshot host(OptionalLong datapathId, List<OvsInterface> interfaces) {
        List<OvsPort> ports = new ArrayList<>();
        for (OvsInterface iface : interfaces) {
            ports.add(new OvsPort("port-" + iface.name(), iface.name(), List.of(iface)));
        }
        return new HostSnapshot(Optional.of("ovs-uuid"), HOST_IDS,
                List.of(new OvsBridge("br-uuid", "br-int", datapathId, Map.of(), ports)));
    }

    private static HostSnapshot host(OvsInterface... containers) {
        List<OvsInterface> interfaces = new ArrayList<>(List.of(containers));
        interfaces.add(tunnel(OptionalInt.of(1)));
        return host(OptionalLong.of(0x42), interfaces);
    }

    private static HostReading read(HostSnapshot snapshot, Map<String, InstanceSpec> accepted) {
        return HostReading.read(snapshot, SUBNET, "br-int", "appnet-vxlan", accepted);
    }

    private static InstanceSpec spec(String name, int ofport, String ip, String mac) {
        return new InstanceSpec(name, "web", Ipv4Address.parse(ip), MacAddress.parse(mac), ofport);
    }

    private static HostReading.Identity identify(Map<String, String> externalIds) {
        return HostReading.identify(new HostSnapshot(Optional.of("u"), externalIds, List.of()));
    }

    @Test
    void aHostIsKnownByItsIdAndUnderlayAddress() {
        HostReading.Identity identity = HostReading.identify(host());
        assertThat(identity.hostId()).contains("h1");
        assertThat(identity.underlayIp()).contains(Ipv4Address.parse("192.168.50.11"));
        assertThat(identity.problem()).isEmpty();
    }

    @Test
    void aHostThatCannotJoinYetSaysWhy() {
        assertThat(HostReading.identify(HostSnapshot.empty()).problem())
                .contains("missing external_ids:appnet-host-id");
        assertThat(identify(Map.of("appnet-host-id", "cell 1", "appnet-underlay-ip", "192.168.50.11")).problem())
                .contains("appnet-host-id 'cell 1' has a space or a character that is not printable ASCII at"
                        + " position 4");
        assertThat(identify(Map.of("appnet-host-id", "", "appnet-underlay-ip", "192.168.50.11")).problem())
                .contains("appnet-host-id '' is empty");
        assertThat(identify(Map.of("appnet-host-id", "h".repeat(129), "appnet-underlay-ip", "192.168.50.11"))
                .problem()).contains("appnet-host-id '" + "h".repeat(40) + "...' is longer than 128 characters");

        HostReading.Identity noUnderlay = identify(Map.of("appnet-host-id", "h1"));
        assertThat(noUnderlay.problem()).contains("host h1: missing external_ids:appnet-underlay-ip");
        assertThat(noUnderlay.hostId()).as("known, though it cannot join").contains("h1");
        assertThat(noUnderlay.underlayIp()).isEmpty();
        assertThat(identify(Map.of("appnet-host-id", "h1", "appnet-underlay-ip", "300.1.1.1")).problem())
                .contains("host h1: appnet-underlay-ip '300.1.1.1' is not an IPv4 address");
        assertThat(identify(Map.of("appnet-host-id", "h1", "appnet-underlay-ip", "192.168.050.11")).problem())
                .contains("host h1: appnet-underlay-ip '192.168.050.11' is not an IPv4 address");
        assertThat(identify(Map.of("appnet-host-id", "h1", "appnet-underlay-ip", "239.1.1.1")).problem())
                .contains("host h1: appnet-underlay-ip 239.1.1.1 is not a unicast address");
        assertThat(identify(Map.of("appnet-host-id", "h1", "appnet-underlay-ip", "0.0.0.0")).problem())
                .contains("host h1: appnet-underlay-ip 0.0.0.0 is not a unicast address");
    }

    @Test
    void interfacesWithAnAppGuidAreInstancesOthersAreNot() {
        HostReading reading = read(host(
                container("c-web2", 3, "web", "10.255.1.11", "02:00:00:00:00:0B"),
                container("c-web1", 2, "some-app-guid", "10.255.1.10", "02:00:00:00:00:0a"),
                iface("br-int", "internal", OptionalInt.of(65534), Map.of(), Optional.empty()),
                iface("eth-plain", "", OptionalInt.of(9), Map.of("attached-mac", "02:00:00:00:00:0c"),
                        Optional.empty())), Map.of());

        assertThat(reading.datapathId()).hasValue(0x42);
        assertThat(reading.tunnelPort()).hasValue(1);
        assertThat(reading.instances()).containsExactly(
                Map.entry("c-web1", new InstanceSpec("c-web1", "some-app-guid", Ipv4Address.parse("10.255.1.10"),
                        MacAddress.parse("02:00:00:00:00:0a"), 2)),
                Map.entry("c-web2", spec("c-web2", 3, "10.255.1.11", "02:00:00:00:00:0b")));
        assertThat(reading.rejected()).isEmpty();
        assertThat(reading.pending()).isEmpty();
    }

    @Test
    void everyBreachOfTheContractIsRejectedWithItsReason() {
        HostReading reading = read(host(
                container("c-out", 2, "web", "10.255.2.10", "02:00:00:00:00:01"),
                container("c-net", 3, "web", "10.255.1.0", "02:00:00:00:00:02"),
                container("c-gw", 4, "web", "10.255.1.1", "02:00:00:00:00:03"),
                container("c-bcast", 5, "web", "10.255.1.255", "02:00:00:00:00:04"),
                container("c-ip-text", 6, "web", "ten", "02:00:00:00:00:05"),
                container("c-ip-zero", 7, "web", "10.255.1.012", "02:00:00:00:00:06"),
                iface("c-no-ip", "", OptionalInt.of(8), Map.of("appnet-app-guid", "web",
                        "attached-mac", "02:00:00:00:00:07"), Optional.empty()),
                container("c-guid-space", 9, "a guid", "10.255.1.11", "02:00:00:00:00:08"),
                container("c-guid-empty", 10, "", "10.255.1.12", "02:00:00:00:00:09"),
                container("c-guid-long", 11, "g".repeat(129), "10.255.1.13", "02:00:00:00:00:0a"),
                container("c-guid-newline", 12, "web\nINFO forged", "10.255.1.14", "02:00:00:00:00:0b"),
                container("c-mac-text", 13, "web", "10.255.1.15", "02:00:00:00:00"),
                container("c-mac-quoted", 14, "web", "10.255.1.16", "\"02:00:00:00:00:0c\""),
                container("c-mac-multicast", 15, "web", "10.255.1.17", "01:00:5e:00:00:01"),
                container("c-mac-broadcast", 16, "web", "10.255.1.18", "ff:ff:ff:ff:ff:ff"),
                container("c-mac-zero", 17, "web", "10.255.1.19", "00:00:00:00:00:00"),
                iface("c-no-mac", "", OptionalInt.of(18), Map.of("appnet-app-guid", "web", "appnet-ip", "10.255.1.20"),
                        Optional.empty()),
                iface("c-tunnel", "geneve", OptionalInt.of(19), Map.of("appnet-app-guid", "web", "appnet-ip",
                        "10.255.1.21", "attached-mac", "02:00:00:00:00:0d"), Optional.empty())), Map.of());

        assertThat(reading.instances()).isEmpty();
        assertThat(reading.pending()).isEmpty();
        assertThat(reading.rejected()).isEqualTo(Map.ofEntries(
                Map.entry("c-out", "IP 10.255.2.10 is outside the host's subnet 10.255.1.0/24"),
                Map.entry("c-net", "IP 10.255.1.0 is the network address of 10.255.1.0/24"),
                Map.entry("c-gw", "IP 10.255.1.1 is the gateway address of 10.255.1.0/24"),
                Map.entry("c-bcast", "IP 10.255.1.255 is the broadcast address of 10.255.1.0/24"),
                Map.entry("c-ip-text", "appnet-ip 'ten' is not an IPv4 address"),
                Map.entry("c-ip-zero", "appnet-ip '10.255.1.012' is not an IPv4 address"),
                Map.entry("c-no-ip", "missing external_ids:appnet-ip"),
                Map.entry("c-guid-space", "unknown app GUID format: 'a guid' has a space or a character that is not"
                        + " printable ASCII at position 1"),
                Map.entry("c-guid-empty", "unknown app GUID format: '' is empty"),
                Map.entry("c-guid-long", "unknown app GUID format: '" + "g".repeat(40) + "...' is longer than 128"
                        + " characters"),
                Map.entry("c-guid-newline", "unknown app GUID format: 'web\\u000aINFO forged' has a space or a"
                        + " character that is not printable ASCII at position 3"),
                Map.entry("c-mac-text", "attached-mac '02:00:00:00:00' is not a MAC address"),
                Map.entry("c-mac-quoted", "attached-mac '\"02:00:00:00:00:0c\"' is not a MAC address"),
                Map.entry("c-mac-multicast", "attached-mac 01:00:5e:00:00:01 is not a unicast MAC address"),
                Map.entry("c-mac-broadcast", "attached-mac ff:ff:ff:ff:ff:ff is not a unicast MAC address"),
                Map.entry("c-mac-zero", "attached-mac 00:00:00:00:00:00 is the all-zero MAC address"),
                Map.entry("c-no-mac", "missing external_ids:attached-mac"),
                Map.entry("c-tunnel", "an interface of type geneve cannot be an instance")));
    }

    @Test
    void anInterfaceWithoutAnOpenflowPortYetIsPendingUnlessItBreaksTheContract() {
        Map<String, String> web = Map.of("appnet-app-guid", "web", "appnet-ip", "10.255.1.10",
                "attached-mac", "02:00:00:00:00:0a");
        HostReading reading = read(host(
                iface("c-new", "", OptionalInt.empty(), web, Optional.empty()),
                iface("c-failed", "", OptionalInt.empty(), Map.of("appnet-app-guid", "web", "appnet-ip", "10.255.1.11",
                        "attached-mac", "02:00:00:00:00:0b"), Optional.of("could not open network device c-failed")),
                iface("c-bad", "", OptionalInt.empty(), Map.of("appnet-app-guid", "web", "appnet-ip", "10.255.1.1",
                        "attached-mac", "02:00:00:00:00:0c"), Optional.empty())), Map.of());

        assertThat(reading.instances()).isEmpty();
        assertThat(reading.pending()).isEqualTo(Map.of("c-new", "no OpenFlow port yet",
                "c-failed", "no OpenFlow port yet: could not open network device c-failed"));
        assertThat(reading.rejected()).containsOnlyKeys("c-bad");
    }

    @Test
    void aDuplicateIpGoesToTheLowestNameAmongNewcomers() {
        HostReading fresh = read(host(container("c-b", 2, "web", "10.255.1.10", "02:00:00:00:00:0a"),
                container("c-a", 3, "web", "10.255.1.10", "02:00:00:00:00:0b")), Map.of());
        assertThat(fresh.instances()).containsOnlyKeys("c-a");
        assertThat(fresh.rejected()).isEqualTo(Map.of("c-b", "IP 10.255.1.10 is already used by instance c-a"));
    }

    @Test
    void anAcceptedInstanceKeepsItsIpAgainstANewcomerEvenWhenItsPortChanged() {
        InstanceSpec held = spec("c-b", 2, "10.255.1.10", "02:00:00:00:00:0a");
        HostReading later = read(host(container("c-b", 7, "web", "10.255.1.10", "02:00:00:00:00:0a"),
                container("c-a", 3, "web", "10.255.1.10", "02:00:00:00:00:0b")), Map.of("c-b", held));
        assertThat(later.instances()).isEqualTo(Map.of("c-b", spec("c-b", 7, "10.255.1.10", "02:00:00:00:00:0a")));
        assertThat(later.rejected()).isEqualTo(Map.of("c-a", "IP 10.255.1.10 is already used by instance c-b"));
    }

    @Test
    void anAcceptedInstanceKeepsItsMacAgainstANewcomer() {
        InstanceSpec held = spec("c-b", 2, "10.255.1.10", "02:00:00:00:00:0a");
        HostReading later = read(host(container("c-b", 2, "web", "10.255.1.10", "02:00:00:00:00:0a"),
                container("c-a", 3, "web", "10.255.1.11", "02:00:00:00:00:0a")), Map.of("c-b", held));
        assertThat(later.instances()).containsOnlyKeys("c-b");
        assertThat(later.rejected()).isEqualTo(Map.of("c-a", "MAC 02:00:00:00:00:0a is already used by instance c-b"));

        HostReading fresh = read(host(container("c-b", 2, "web", "10.255.1.10", "02:00:00:00:00:0a"),
                container("c-c", 4, "web", "10.255.1.11", "02:00:00:00:00:0a")), Map.of());
        assertThat(fresh.rejected()).isEqualTo(Map.of("c-c", "MAC 02:00:00:00:00:0a is already used by instance c-b"));
    }

    @Test
    void anAddressIsFreedWhenItsHolderLetsItGo() {
        InstanceSpec held = spec("c-b", 2, "10.255.1.10", "02:00:00:00:00:0a");
        HostReading holderGone = read(host(container("c-c", 3, "web", "10.255.1.10", "02:00:00:00:00:0a")),
                Map.of("c-b", held));
        assertThat(holderGone.instances()).containsOnlyKeys("c-c");

        HostReading holderMoved = read(host(container("c-b", 2, "web", "10.255.1.20", "02:00:00:00:00:0a"),
                container("c-c", 3, "web", "10.255.1.10", "02:00:00:00:00:0c")), Map.of("c-b", held));
        assertThat(holderMoved.instances()).containsOnlyKeys("c-b", "c-c");
        assertThat(holderMoved.rejected()).isEmpty();
    }

    @Test
    void aHostWithoutItsBridgeOrDatapathOrTunnelPortHasNothingYet() {
        HostSnapshot bare = new HostSnapshot(Optional.of("u"), HOST_IDS, List.of(new OvsBridge("b", "br-other",
                OptionalLong.of(7), Map.of(), List.of(new OvsPort("p", "c-web1", List.of(container("c-web1", 2, "web",
                        "10.255.1.10", "02:00:00:00:00:0a")))))));
        HostReading noBridge = read(bare, Map.of());
        assertThat(noBridge.datapathId()).isEmpty();
        assertThat(noBridge.tunnelPort()).isEmpty();
        assertThat(noBridge.instances()).as("only br-int's interfaces count").isEmpty();
        assertThat(noBridge.rejected()).isEmpty();
        assertThat(noBridge.pending()).isEmpty();

        HostReading noDatapath = read(host(OptionalLong.empty(), List.of(tunnel(OptionalInt.empty()))), Map.of());
        assertThat(noDatapath.datapathId()).isEmpty();
        assertThat(noDatapath.tunnelPort()).isEmpty();

        HostReading noTunnel = read(host(OptionalLong.of(0x42), List.of(container("c-web1", 2, "web", "10.255.1.10",
                "02:00:00:00:00:0a"))), Map.of());
        assertThat(noTunnel.datapathId()).hasValue(0x42);
        assertThat(noTunnel.tunnelPort()).isEmpty();
        assertThat(noTunnel.instances()).containsOnlyKeys("c-web1");
    }
}
