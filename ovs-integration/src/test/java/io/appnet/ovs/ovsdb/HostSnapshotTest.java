package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The recorded host session applied step by step, and updates that must be refused without a trace. */
class HostSnapshotTest {

    private static DatabaseState initial() {
        return DatabaseState.empty().apply(Fixtures.initialRows());
    }

    private static HostSnapshot read(DatabaseState state) {
        return SnapshotReader.read(state);
    }

    @Test
    void monitorReplyGivesHostIdUnderlayIpAndBridgesWithDatapathIds() {
        HostSnapshot snapshot = read(initial());
        assertThat(snapshot.openVswitchUuid()).contains(Fixtures.OPEN_VSWITCH_UUID);
        assertThat(snapshot.hostId()).contains("h1");
        assertThat(snapshot.underlayIp()).contains("192.168.50.11");
        assertThat(snapshot.subnet()).isEmpty();
        assertThat(snapshot.bridges()).extracting(OvsBridge::name).containsExactly("br-int", "br-phy");
        OvsBridge brInt = snapshot.bridge("br-int").orElseThrow();
        assertThat(brInt.datapathId()).hasValue(0x00005a6c4f750b4aL);
        assertThat(brInt.ports()).extracting(OvsPort::name).containsExactly("br-int");
        OvsInterface local = brInt.interfaces().get(0);
        assertThat(local.type()).isEqualTo("internal");
        assertThat(local.ofport()).hasValue(65534);
        assertThat(snapshot.bridge("br-phy").orElseThrow().port("ul0").orElseThrow().interfaces().get(0).ofport())
                .hasValue(1);
    }

    @Test
    void containerAppearsWithItsExternalIdsThenItsOfportThenGoesAway() {
        DatabaseState added = initial().apply(Fixtures.update("update-container-added"));
        OvsInterface pending = read(added).bridge("br-int").orElseThrow().port("c-a").orElseThrow().interfaces().get(0);
        assertThat(pending.externalIds()).isEqualTo(Map.of("appnet-app-guid", "app-a", "appnet-ip", "10.255.1.10",
                "attached-mac", "b2:d7:8a:2a:0a:dd"));
        assertThat(pending.ofport()).isEmpty();

        DatabaseState numbered = added.apply(Fixtures.update("update-container-ofport"));
        OvsInterface container = read(numbered).bridge("br-int").orElseThrow().port("c-a").orElseThrow().interfaces().get(0);
        assertThat(container.ofport()).hasValue(1);
        assertThat(container.macInUse()).contains("32:e9:f7:d5:88:8a");
        assertThat(container.externalId("appnet-app-guid")).contains("app-a");

        DatabaseState tunnel = numbered.apply(Fixtures.update("update-tunnel-added"))
                .apply(Fixtures.update("update-tunnel-ofport"))
                .apply(Fixtures.update("update-subnet-set"));
        HostSnapshot withTunnel = read(tunnel);
        OvsInterface vx0 = withTunnel.bridge("br-int").orElseThrow().port("vx0").orElseThrow().interfaces().get(0);
        assertThat(vx0.type()).isEqualTo("vxlan");
        assertThat(vx0.options()).isEqualTo(TunnelOptions.flowBased());
        assertThat(vx0.ofport()).hasValue(2);
        assertThat(withTunnel.subnet()).contains("10.255.1.0/24");

        HostSnapshot removed = read(tunnel.apply(Fixtures.update("update-container-removed")));
        assertThat(removed.bridge("br-int").orElseThrow().ports()).extracting(OvsPort::name)
                .containsExactly("br-int", "vx0");
        assertThat(removed.hostId()).contains("h1");
    }

    @Test
    void snapshotsOfTheSameRowsAreEqual() {
        assertThat(read(initial())).isEqualTo(read(initial()));
        assertThat(read(initial())).isNotEqualTo(read(initial().apply(Fixtures.update("update-subnet-set"))));
    }

    @Test
    void modifyOrDeleteOfAnUnknownRowIsRefused() {
        DatabaseState state = initial();
        assertThatThrownBy(() -> state.apply(Fixtures.update("update-container-ofport")))
                .isInstanceOf(OvsdbProtocolException.class)
                .hasMessage("Interface row " + Fixtures.CONTAINER_INTERFACE_UUID + " modified but never announced");
        assertThatThrownBy(() -> state.apply(Fixtures.update("update-container-removed")))
                .hasMessageContaining("deleted but never announced");
        assertThatThrownBy(() -> state.apply(Fixtures.initialRows())).hasMessageContaining("inserted twice");
    }

    @Test
    void aReferenceToARowNeverAnnouncedIsRefused() {
        DatabaseState state = initial().apply(updates("{\"Bridge\": {\"" + Fixtures.BR_INT_UUID + "\": {"
                + "\"old\": {}, \"new\": {\"ports\": [\"set\", [[\"uuid\", \"" + Fixtures.BR_INT_PORT_UUID + "\"],"
                + "[\"uuid\", \"00000000-0000-0000-0000-000000000001\"]]]}}}}"));
        assertThatThrownBy(() -> read(state)).isInstanceOf(OvsdbProtocolException.class)
                .hasMessage("Bridge row " + Fixtures.BR_INT_UUID + ": column 'ports' references Port row "
                        + "00000000-0000-0000-0000-000000000001 that the host never announced");
    }

    @Test
    void aBadSecondRowLeavesTheStateAsItWas() {
        DatabaseState before = initial();
        // A valid insert of a port, then a modify of an unknown interface, in one notification.
        String json = "{\"Port\": {\"00000000-0000-0000-0000-00000000000a\": {\"new\": {\"name\": \"p\", "
                + "\"interfaces\": [\"uuid\", \"" + Fixtures.CONTAINER_INTERFACE_UUID + "\"]}}},"
                + "\"Interface\": {\"00000000-0000-0000-0000-00000000000b\": {\"old\": {}, \"new\": {\"ofport\": 3}}}}";
        assertThatThrownBy(() -> before.apply(updates(json))).isInstanceOf(OvsdbProtocolException.class);
        assertThat(before).isEqualTo(initial());
        assertThat(before.rows("Port")).doesNotContainKey("00000000-0000-0000-0000-00000000000a");
    }

    @Test
    void wrongShapesNameTheRowAndColumn() {
        DatabaseState ofportText = initial().apply(updates("{\"Interface\": {\"f58be54a-8bc6-453e-85fd-60fbbf0cad8e\": "
                + "{\"old\": {}, \"new\": {\"ofport\": \"one\"}}}}"));
        assertThatThrownBy(() -> read(ofportText)).hasMessageContaining(
                "Interface row f58be54a-8bc6-453e-85fd-60fbbf0cad8e: column 'ofport' is not an integer");
        DatabaseState badDpid = initial().apply(updates("{\"Bridge\": {\"" + Fixtures.BR_INT_UUID + "\": "
                + "{\"old\": {}, \"new\": {\"datapath_id\": \"xyz\"}}}}"));
        assertThatThrownBy(() -> read(badDpid)).hasMessageContaining("datapath_id 'xyz' is not 16 hex digits");
        assertThatThrownBy(() -> updates("{\"Controller\": {}}")).hasMessageContaining("not monitored");
        assertThatThrownBy(() -> updates("{\"Port\": {\"00000000-0000-0000-0000-00000000000a\": "
                + "{\"new\": {\"trunks\": [\"set\", []]}}}}")).hasMessageContaining("column 'trunks' was not monitored");
        assertThatThrownBy(() -> updates("{\"Port\": {\"x\": {\"new\": {}}}}")).hasMessageContaining("is not a UUID");
        assertThatThrownBy(() -> updates("{\"Port\": {\"00000000-0000-0000-0000-00000000000a\": {}}}"))
                .hasMessageContaining("neither \"old\" nor \"new\"");
    }

    @Test
    void ofportMinusOneReadsAsNoPortWithTheError() {
        DatabaseState failed = initial().apply(updates("{\"Interface\": {\"f58be54a-8bc6-453e-85fd-60fbbf0cad8e\": "
                + "{\"old\": {}, \"new\": {\"ofport\": -1, \"error\": \"could not open network device\"}}}}"));
        OvsInterface iface = read(failed).bridge("br-int").orElseThrow().interfaces().get(0);
        assertThat(iface.ofport()).isEqualTo(OptionalInt.empty());
        assertThat(iface.error()).contains("could not open network device");
    }

    private static TableUpdates updates(String json) {
        return TableUpdates.parse(Fixtures.parse(json));
    }
}
