package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7047 5.1 notation, as OVS writes it in the recorded fixtures. */
class DatumJsonTest {

    private static Datum parse(String json) {
        return OvsdbJson.parseDatum(Fixtures.parse(json));
    }

    @Test
    void bareAtomsAreSetsOfOne() {
        assertThat(parse("\"br-int\"")).isEqualTo(Datum.string("br-int"));
        assertThat(parse("65534")).isEqualTo(Datum.of(Atom.integer(65534)));
        assertThat(parse("true")).isEqualTo(Datum.of(new Atom.Bool(true)));
        assertThat(parse("1.5")).isEqualTo(Datum.of(new Atom.Real(1.5)));
        assertThat(parse("[\"uuid\", \"5B3C6E29-4ecc-4250-8a2a-3b9497b45024\"]"))
                .isEqualTo(Datum.of(Atom.uuid("5b3c6e29-4ecc-4250-8a2a-3b9497b45024")));
    }

    @Test
    void setsAndMapsAsOvsWritesThem() {
        assertThat(parse("[\"set\", []]")).isEqualTo(Datum.empty());
        assertThat(parse("[\"set\", [[\"uuid\", \"27532bd5-9281-4eac-b291-cf24988f6bf3\"], "
                + "[\"uuid\", \"5b3c6e29-4ecc-4250-8a2a-3b9497b45024\"]]]"))
                .isEqualTo(Datum.set(List.of(Atom.uuid("27532bd5-9281-4eac-b291-cf24988f6bf3"),
                        Atom.uuid("5b3c6e29-4ecc-4250-8a2a-3b9497b45024"))));
        assertThat(parse("[\"map\", [[\"key\", \"flow\"], [\"remote_ip\", \"flow\"]]]"))
                .isEqualTo(Datum.stringMap(Map.of("remote_ip", "flow", "key", "flow")));
        assertThat(parse("[\"map\", []]")).isEqualTo(Datum.stringMap(Map.of()));
    }

    @Test
    void writesASetOfOneBareAndEverythingElseTagged() {
        assertThat(OvsdbJson.datumToJson(Datum.string("vx0"))).hasToString("\"vx0\"");
        assertThat(OvsdbJson.datumToJson(Datum.of(Atom.namedUuid("tunnel_port"))))
                .hasToString("[\"named-uuid\",\"tunnel_port\"]");
        assertThat(OvsdbJson.datumToJson(Datum.empty())).hasToString("[\"set\",[]]");
        assertThat(OvsdbJson.datumToJson(Datum.set(List.of(Atom.integer(1), Atom.integer(2)))))
                .hasToString("[\"set\",[1,2]]");
        assertThat(OvsdbJson.datumToJson(Datum.stringMap(Map.of("key", "flow"))))
                .hasToString("[\"map\",[[\"key\",\"flow\"]]]");
    }

    @Test
    void roundTripsEveryAtomKind() {
        Datum datum = Datum.set(List.of(Atom.string("a"), Atom.integer(-3), new Atom.Real(2.25), new Atom.Bool(false),
                Atom.uuid("5b3c6e29-4ecc-4250-8a2a-3b9497b45024"), Atom.namedUuid("row_1")));
        assertThat(OvsdbJson.parseDatum(OvsdbJson.datumToJson(datum))).isEqualTo(datum);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "null",
        "{}",
        "[]",
        "[\"uuid\", \"not-a-uuid\"]",
        "[\"named-uuid\", \"9starts_with_digit\"]",
        "[\"set\", \"x\"]",
        "[\"set\", [[\"set\", []]]]",
        "[\"set\", [1, 1]]",
        "[\"map\", [[\"k\"]]]",
        "[\"map\", [[\"k\", \"v\"], [\"k\", \"w\"]]]",
        "[\"map\", [[\"k\", [\"map\", []]]]]",
        "[\"bag\", []]",
        "123456789012345678901234567890",
    })
    void refusesWhatIsNoDatum(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(OvsdbProtocolException.class);
    }

    @Test
    void rowReadersCheckTheColumnType() {
        Row row = Row.of(OvsdbJson.parseColumns(Fixtures.parse(
                "{\"name\": \"c-a\", \"ofport\": [\"set\", []], \"type\": 7, \"options\": [\"map\", [[\"k\", 1]]]}")));
        assertThat(row.string("name")).isEqualTo("c-a");
        assertThat(row.optionalInteger("ofport")).isEmpty();
        assertThatThrownBy(() -> row.string("type")).hasMessage("column 'type' is not a string: 7");
        assertThatThrownBy(() -> row.stringMap("options")).hasMessageContaining("not a map of strings to strings");
        assertThatThrownBy(() -> row.string("mac_in_use")).hasMessage("column 'mac_in_use' is missing");
        assertThatThrownBy(() -> row.uuids("name")).hasMessageContaining("not a set of uuids");
    }
}
