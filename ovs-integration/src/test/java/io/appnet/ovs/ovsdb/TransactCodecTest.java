package io.appnet.ovs.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transact replies as RFC 7047 5.2 and OVS shape them: results, a failed operation, a failed commit. */
class TransactCodecTest {

    private static final List<Operation> OPERATIONS = List.of(
            Operation.insert("Port", Map.of("name", Datum.string("p")), "port"),
            Operation.mutate("Bridge", List.of(Condition.equal("name", Datum.string("br-int"))),
                    Mutation.insert("ports", Datum.of(Atom.namedUuid("port")))),
            Operation.select("Bridge", List.of(), "name"));

    private static List<OperationResult> results(String json) {
        return TransactCodec.results(Fixtures.parse(json), OPERATIONS);
    }

    @Test
    void readsEveryKindOfResult() {
        List<OperationResult> results = results("""
                [{"uuid": ["uuid", "27532bd5-9281-4eac-b291-cf24988f6bf3"]}, {"count": 1},
                 {"rows": [{"name": "br-int"}, {"name": "br-phy"}]}]""");
        assertThat(results.get(0).uuid()).contains("27532bd5-9281-4eac-b291-cf24988f6bf3");
        assertThat(results.get(1).count()).hasValue(1);
        assertThat(results.get(2).rows()).extracting(row -> row.string("name")).containsExactly("br-int", "br-phy");
    }

    @Test
    void aFailedOperationNamesItsIndexAndError() {
        assertThatThrownBy(() -> results("""
                [{"uuid": ["uuid", "27532bd5-9281-4eac-b291-cf24988f6bf3"]},
                 {"error": "constraint violation", "details": "no row matches"}, null]"""))
                .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
                    assertThat(e.operationIndex()).isEqualTo(1);
                    assertThat(e.error()).isEqualTo("constraint violation");
                    assertThat(e).hasMessage("transaction operation 1 (mutate Bridge) failed: constraint violation: "
                            + "no row matches");
                });
    }

    @Test
    void aFailedCommitIsTheExtraResult() {
        assertThatThrownBy(() -> results("""
                [{"uuid": ["uuid", "27532bd5-9281-4eac-b291-cf24988f6bf3"]}, {"count": 1}, {"rows": []},
                 {"error": "referential integrity violation", "details": "cannot delete Port row"}]"""))
                .isInstanceOfSatisfying(TransactionFailedException.class,
                        e -> assertThat(e.operationIndex()).isEqualTo(-1))
                .hasMessageStartingWith("transaction commit failed: referential integrity violation");
    }

    @Test
    void aReplyOfAnotherShapeIsAProtocolViolation() {
        assertThatThrownBy(() -> results("{}")).isInstanceOf(OvsdbProtocolException.class);
        assertThatThrownBy(() -> results("[{}, {}]")).isInstanceOf(OvsdbProtocolException.class);
        assertThatThrownBy(() -> results("[{}, null, {}]")).isInstanceOf(OvsdbProtocolException.class);
        assertThatThrownBy(() -> results("[{}, {\"count\": \"1\"}, {}]")).isInstanceOf(OvsdbProtocolException.class);
        assertThatThrownBy(() -> results("[{\"uuid\": \"x\"}, {}, {}]")).isInstanceOf(OvsdbProtocolException.class);
        assertThatThrownBy(() -> results("[{}, {}, {}, {}]")).isInstanceOf(OvsdbProtocolException.class);
    }
}
