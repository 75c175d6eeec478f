package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.HostId;
import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsBridge;
import io.appnet.ovs.ovsdb.OvsInterface;
import io.appnet.ovs.ovsdb.OvsPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The gateway part of the host contract read from OVSDB rows: a gateway, no gateway, or a refusal naming the field. */
class GatewayReadingTest {
    private static final int TUNNEL_PORT = 1;

    private static Map<String, String> gatewayIds() {
        Map<String, String> ids = new HashMap<>(Map.of("appnet-host-id", "g1", "appnet-underlay-ip", "192.168.50.13",
                "appnet-role", "gateway", "appnet-uplink", "up0", "appnet-next-hop", "203.0.113.1",
                "appnet-next-hop-mac", "02:00:00:00:00:01"));
        return ids;
    }

    private static OvsInterface uplink(String name, String type, OptionalInt ofport, Optional<String> mac,
                                       Map<String, String> externalIds) {
        return new OvsInterface("uuid-" + name, name, type, ofport, externalIds, Map.of(), mac, Optional.empty());
    }

    private static final OvsInterface UP0 = uplink("up0", "", OptionalInt.of(7), Optional.of("02:aa:00:00:00:07"),
            Map.of());

    private static GatewayReading read(Map<String, String> ids, OvsInterface... interfaces) {
        List<OvsPort> ports = new ArrayList<>();
        ports.add(new OvsPort("port-vx", "appnet-vxlan", List.of(HostReadingTest.tunnel(OptionalInt.of(TUNNEL_PORT)))));
        for (OvsInterface iface : interfaces) {
            ports.add(new OvsPort("port-" + iface.name(), iface.name(), List.of(iface)));
        }
        HostSnapshot snapshot = new HostSnapshot(Optional.of("ovs-uuid"), ids,
                List.of(new OvsBridge("br-uuid", "br-int", OptionalLong.of(0x42), Map.of(), ports)));
        return GatewayReading.read(snapshot, HostId.of("g1"), "br-int", TUNNEL_PORT);
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> ids = gatewayIds();
        if (value == null) {
            ids.remove(key);
        } else {
            ids.put(key, value);
        }
        return ids;
    }

    @Test
    void aHostWithoutTheRoleIsNoGateway() {
        GatewayReading reading = read(with("appnet-role", null), UP0);

        assertThat(reading.asksToBeGateway()).isFalse();
    }

    @Test
    void aGatewayTakesItsUplinkPortAndMacFromTheInterfaceAndNatsByDefault() {
        GatewayReading reading = read(gatewayIds(), UP0);

        assertThat(reading.problem()).isEmpty();
        assertThat(reading.gateway()).contains(Gateway.of("g1", 7, "02:aa:00:00:00:07", "203.0.113.1",
                "02:00:00:00:00:01", true));
        assertThat(read(with("appnet-gateway-nat", "false"), UP0).gateway().map(Gateway::nat)).contains(false);
    }

    @Test
    void aMissingOrWrongFieldRefusesTheGatewayNamingTheField() {
        assertThat(read(with("appnet-uplink", null), UP0).problem())
                .contains("gateway refused: missing external_ids:appnet-uplink");
        assertThat(read(with("appnet-uplink", "up9"), UP0).problem())
                .contains("gateway refused: appnet-uplink 'up9' is not an interface on br-int");
        assertThat(read(with("appnet-uplink", "appnet-vxlan"), UP0).problem())
                .contains("gateway refused: appnet-uplink appnet-vxlan is a vxlan interface, not one facing the "
                        + "external network");
        assertThat(read(gatewayIds(), uplink("up0", "", OptionalInt.empty(), Optional.of("02:aa:00:00:00:07"),
                Map.of())).problem()).contains("gateway waiting: appnet-uplink up0 has no OpenFlow port yet");
        assertThat(read(gatewayIds(), uplink("up0", "", OptionalInt.of(7), Optional.empty(), Map.of())).problem())
                .contains("gateway waiting: appnet-uplink up0 has no mac_in_use yet");
        assertThat(read(gatewayIds(), uplink("up0", "", OptionalInt.of(7), Optional.of("02:aa:00:00:00:07"),
                Map.of("appnet-app-guid", "web"))).problem())
                .contains("gateway refused: appnet-uplink up0 is an instance (appnet-app-guid)");
        assertThat(read(with("appnet-uplink", "br-int"), uplink("br-int", "internal", OptionalInt.of(65534),
                Optional.of("02:aa:00:00:00:99"), Map.of())).problem()).as("found from outside: named no field")
                .contains("gateway refused: appnet-uplink br-int is the bridge's own port (OpenFlow port 65534), not"
                        + " one facing the external network");
        assertThat(read(gatewayIds(), uplink("up0", "", OptionalInt.empty(), Optional.empty(), Map.of())).pending())
                .as("OVS still adding the uplink: waiting, not refused").isTrue();
        assertThat(read(with("appnet-uplink", "up9"), UP0).pending()).isFalse();
        assertThat(read(with("appnet-next-hop", null), UP0).problem())
                .contains("gateway refused: missing external_ids:appnet-next-hop");
        assertThat(read(with("appnet-next-hop", "203.0.113"), UP0).problem())
                .contains("gateway refused: appnet-next-hop '203.0.113' is not an IPv4 address");
        assertThat(read(with("appnet-next-hop", "224.0.0.1"), UP0).problem())
                .contains("gateway refused: appnet-next-hop 224.0.0.1 is not a unicast address");
        assertThat(read(with("appnet-next-hop-mac", "01:00:5e:00:00:01"), UP0).problem())
                .contains("gateway refused: appnet-next-hop-mac 01:00:5e:00:00:01 is not a unicast MAC address");
        assertThat(read(with("appnet-next-hop-mac", null), UP0).problem())
                .contains("gateway refused: missing external_ids:appnet-next-hop-mac");
        assertThat(read(with("appnet-gateway-nat", "yes"), UP0).problem())
                .contains("gateway refused: appnet-gateway-nat 'yes' is neither true nor false");
        assertThat(read(with("appnet-role", "router"), UP0).problem())
                .contains("gateway refused: appnet-role 'router' is not gateway (the only role)");
    }
}
