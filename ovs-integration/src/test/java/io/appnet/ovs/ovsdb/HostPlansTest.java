package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writes planned from a host's snapshot: their exact transactions, and nothing when nothing is to do. */
class HostPlansTest {

    private static final HostSnapshot FRESH = SnapshotReader.read(DatabaseState.empty().apply(Fixtures.initialRows()));
    private static final HostSnapshot WITH_TUNNEL = SnapshotReader.read(DatabaseState.empty()
            .apply(Fixtures.initialRows())
            .apply(Fixtures.update("update-container-added"))
            .apply(Fixtures.update("update-tunnel-added"))
            .apply(Fixtures.update("update-subnet-set")));

    /** Re-read from text, so numbers compare by value whatever node type built them. */
    private static JsonNode transaction(Plan plan) {
        return Fixtures.parse(TransactCodec.params(plan.operations()).toString());
    }

    @Test
    void absentTunnelPortIsCreatedInOneGuardedTransaction() {
        Plan plan = HostPlans.ensureTunnelPort(FRESH, "br-int", "vx0", TunnelOptions.flowBased());
        assertThat(plan.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(transaction(plan)).isEqualTo(Fixtures.parse("""
                ["Open_vSwitch",
                 {"op": "wait", "timeout": 0, "table": "Bridge", "where": [["name", "==", "br-int"]],
                  "columns": ["name"], "until": "==", "rows": [{"name": "br-int"}]},
                 {"op": "wait", "timeout": 0, "table": "Port", "where": [["name", "==", "vx0"]],
                  "columns": ["name"], "until": "==", "rows": []},
                 {"op": "wait", "timeout": 0, "table": "Interface", "where": [["name", "==", "vx0"]],
                  "columns": ["name"], "until": "==", "rows": []},
                 {"op": "insert", "table": "Interface", "uuid-name": "tunnel_interface",
                  "row": {"name": "vx0", "type": "vxlan", "options": ["map", [["key", "flow"], ["remote_ip", "flow"]]]}},
                 {"op": "insert", "table": "Port", "uuid-name": "tunnel_port",
                  "row": {"name": "vx0", "interfaces": ["named-uuid", "tunnel_interface"]}},
                 {"op": "mutate", "table": "Bridge", "where": [["name", "==", "br-int"]],
                  "mutations": [["ports", "insert", ["named-uuid", "tunnel_port"]]]},
                 {"op": "comment", "comment": "appnet: create tunnel port vx0 on br-int"}]
                """.replace("[[\"key\", \"flow\"], [\"remote_ip\", \"flow\"]]", optionsInWireOrder())));
        assertThat(plan.applied().test(FRESH)).isFalse();
        assertThat(plan.applied().test(WITH_TUNNEL)).isTrue();
    }

    /** Map.of has no fixed order; the plan writes the options in whatever order it iterates them. */
    private static String optionsInWireOrder() {
        return OvsdbJson.datumToJson(Datum.stringMap(TunnelOptions.flowBased())).get(1).toString();
    }

    @Test
    void theSameTunnelPortAgainIsNoTransaction() {
        Plan plan = HostPlans.ensureTunnelPort(WITH_TUNNEL, "br-int", "vx0", Map.of("key", "flow", "remote_ip", "flow"));
        assertThat(plan.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(plan.operations()).isEmpty();
    }

    @Test
    void otherOptionsUpdateTheInterfaceInPlace() {
        Plan plan = HostPlans.ensureTunnelPort(WITH_TUNNEL, "br-int", "vx0", TunnelOptions.flowBased("192.168.50.11"));
        assertThat(plan.outcome()).isEqualTo(Outcome.UPDATED);
        JsonNode update = transaction(plan).get(1);
        assertThat(update.get("op").textValue()).isEqualTo("update");
        assertThat(update.get("table").textValue()).isEqualTo("Interface");
        assertThat(update.get("where")).isEqualTo(Fixtures.parse(
                "[[\"_uuid\", \"==\", [\"uuid\", \"19cac4c4-a669-4d5e-aa8b-52f9fae3c651\"]]]"));
        assertThat(OvsdbJson.parseDatum(update.get("row").get("options")))
                .isEqualTo(Datum.stringMap(TunnelOptions.flowBased("192.168.50.11")));
        assertThat(plan.applied().test(WITH_TUNNEL)).isFalse();
    }

    @Test
    void aNameTakenByAnotherPortOrBridgeIsLeftAlone() {
        assertThatThrownBy(() -> HostPlans.ensureTunnelPort(FRESH, "br-int", "ul0", TunnelOptions.flowBased()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot create tunnel port ul0 on br-int: bridge br-phy has a port of that name");
        assertThatThrownBy(() -> HostPlans.ensureTunnelPort(WITH_TUNNEL, "br-int", "c-a", TunnelOptions.flowBased()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("port c-a on br-int is not a VXLAN port of one interface; not touching it");
        assertThatThrownBy(() -> HostPlans.ensureTunnelPort(FRESH, "br-tun", "vx0", TunnelOptions.flowBased()))
                .hasMessage("host has no bridge br-tun");
    }

    @Test
    void deletingAPortRemovesItsReferenceFromTheBridge() {
        Plan plan = HostPlans.deletePort(WITH_TUNNEL, "br-int", "vx0");
        assertThat(plan.outcome()).isEqualTo(Outcome.DELETED);
        assertThat(transaction(plan).get(1)).isEqualTo(Fixtures.parse("""
                {"op": "mutate", "table": "Bridge", "where": [["name", "==", "br-int"]],
                 "mutations": [["ports", "delete", ["uuid", "53834fe2-d8cd-429b-a9a6-e8ca5c6909b9"]]]}"""));
        assertThat(plan.applied().test(FRESH)).isTrue();
        assertThat(HostPlans.deletePort(FRESH, "br-int", "vx0").outcome()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void externalIdIsReplacedByKeyKeepingTheOthers() {
        Plan plan = HostPlans.setOpenVswitchExternalId(FRESH, "appnet-subnet", "10.255.1.0/24");
        assertThat(plan.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(transaction(plan).get(1)).isEqualTo(Fixtures.parse("""
                {"op": "mutate", "table": "Open_vSwitch",
                 "where": [["_uuid", "==", ["uuid", "98f5a529-18ed-477d-b714-4f244b5a0f52"]]],
                 "mutations": [["external_ids", "delete", "appnet-subnet"],
                               ["external_ids", "insert", ["map", [["appnet-subnet", "10.255.1.0/24"]]]]]}"""));
        assertThat(HostPlans.setOpenVswitchExternalId(WITH_TUNNEL, "appnet-subnet", "10.255.1.0/24").outcome())
                .isEqualTo(Outcome.UNCHANGED);
        assertThat(HostPlans.setOpenVswitchExternalId(WITH_TUNNEL, "appnet-subnet", "10.255.9.0/24").outcome())
                .isEqualTo(Outcome.UPDATED);
        assertThatThrownBy(() -> HostPlans.setOpenVswitchExternalId(HostSnapshot.empty(), "k", "v"))
                .hasMessageContaining("no Open_vSwitch record");
    }

    @Test
    void portNamesMustBeDeviceNames() {
        assertThatThrownBy(() -> HostPlans.requirePortName("a-name-of-sixteen")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPlans.requirePortName("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPlans.requirePortName("")).isInstanceOf(IllegalArgumentException.class);
        HostPlans.requirePortName("vxlan_0.a-b");
    }
}
