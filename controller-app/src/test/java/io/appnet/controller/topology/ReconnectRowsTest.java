package io.appnet.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.ovs.ovsdb.Atom;
import io.appnet.ovs.ovsdb.Datum;
import io.appnet.ovs.ovsdb.Operation;
import io.appnet.ovs.ovsdb.OperationResult;
import io.appnet.ovs.ovsdb.Row;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReconnectRowsTest {
    private static final InetSocketAddress US = new InetSocketAddress("10.0.0.1", 6640);
    private static final String A = "00000000-0000-0000-0000-00000000000a";
    private static final String B = "00000000-0000-0000-0000-00000000000b";
    private static final String C = "00000000-0000-0000-0000-00000000000c";
    private static final String D = "00000000-0000-0000-0000-00000000000d";

    @Test
    void onlyRowsNamingThisControllerAndDifferingAreUpdated() {
        List<OperationResult> selected = List.of(
                result(Row.of(Map.of("controller", Datum.set(List.of(Atom.uuid(A), Atom.uuid(B)))))),
                result(row(A, "tcp:10.0.0.1:6653", null), row(B, "tcp:10.0.0.9:6653", null),
                        row(C, "tcp:10.0.0.1:6653", null)),
                result(row(D, "tcp:10.0.0.1:6640", 8000L), row(B, "ptcp:6640:10.0.0.1", null)));

        List<Operation> updates = ReconnectRows.updates(selected, US, 6653, ReconnectSettings.defaults());

        assertThat(updates).extracting(op -> ((Operation.Update) op).table() + " "
                + ((Operation.Update) op).where().get(0).value()).containsExactly(
                "Controller " + Datum.of(Atom.uuid(A)), "Manager " + Datum.of(Atom.uuid(D)));
        assertThat(((Operation.Update) updates.get(0)).row()).isEqualTo(Map.of(
                "max_backoff", Datum.of(Atom.integer(1000)), "inactivity_probe", Datum.of(Atom.integer(5000))));
    }

    @Test
    void rowsAlreadyAsAskedAreNotWrittenAgain() {
        List<OperationResult> selected = List.of(result(), result(),
                result(rowWith(D, "tcp:10.0.0.1:6640", 1000L, 5000L)));

        assertThat(ReconnectRows.updates(selected, US, 6653, ReconnectSettings.defaults())).isEmpty();
    }

    @Test
    void targetsAreMatchedOnMethodAddressAndPort() {
        assertThat(ReconnectRows.names(target("ssl:10.0.0.1:6640"), "10.0.0.1", 6640)).isTrue();
        assertThat(ReconnectRows.names(target("tcp:[::1]:6640"), "0:0:0:0:0:0:0:1", 6640)).isTrue();
        assertThat(ReconnectRows.names(target("tcp:10.0.0.1:66400"), "10.0.0.1", 6640)).isFalse();
        assertThat(ReconnectRows.names(target("unix:/run/db.sock"), "10.0.0.1", 6640)).isFalse();
        assertThat(ReconnectRows.names(target("punix:/run/db.sock"), "10.0.0.1", 6640)).isFalse();
    }

    @Test
    void settingsBelowWhatOvsAcceptsAreRefusedNamingTheColumn() {
        assertThatThrownBy(() -> new ReconnectSettings(999, 5000)).hasMessageContaining("max_backoff");
        assertThatThrownBy(() -> new ReconnectSettings(1000, 500)).hasMessageContaining("inactivity_probe");
    }

    private static OperationResult result(Row... rows) {
        return new OperationResult(Optional.empty(), OptionalLong.empty(), List.of(rows));
    }

    private static Row target(String target) {
        return Row.of(Map.of("target", Datum.string(target)));
    }

    private static Row row(String uuid, String target, Long maxBackoff) {
        return rowWith(uuid, target, maxBackoff, null);
    }

    private static Row rowWith(String uuid, String target, Long maxBackoff, Long probe) {
        return Row.of(Map.of("_uuid", Datum.of(Atom.uuid(uuid)), "target", Datum.string(target),
                "max_backoff", optional(maxBackoff), "inactivity_probe", optional(probe)));
    }

    private static Datum optional(Long value) {
        return value == null ? Datum.set(List.of()) : Datum.of(Atom.integer(value));
    }
}
