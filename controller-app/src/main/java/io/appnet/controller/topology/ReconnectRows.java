package io.appnet.controller.topology;

import io.appnet.ovs.ovsdb.Atom;
import io.appnet.ovs.ovsdb.Condition;
import io.appnet.ovs.ovsdb.Datum;
import io.appnet.ovs.ovsdb.Operation;
import io.appnet.ovs.ovsdb.OperationResult;
import io.appnet.ovs.ovsdb.Row;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which of a host's Manager and br-int Controller rows name this controller, and the updates that give them the
 * controller's reconnect settings: pure functions over one "select" transaction's results. A row names this
 * controller when its target is active ({@code tcp:} or {@code ssl:}) with the address and port the host reached
 * us on (Manager) or that address and our OpenFlow port (Controller). Rows of other managers or controllers,
 * and passive ({@code ptcp:}) targets, are never touched.
 */
final class ReconnectRows {
    static final String MANAGER = "Manager";
    static final String CONTROLLER = "Controller";
    private static final List<String> COLUMNS = List.of("_uuid", "target", "max_backoff", "inactivity_probe");

    private ReconnectRows() {
    }

    /** One transaction: br-int's controller references, then every Controller row, then every Manager row. */
    static List<Operation> select(String bridge) {
        return List.of(
                new Operation.Select("Bridge", List.of(Condition.equal("name", Datum.string(bridge))),
                        List.of("controller")),
                new Operation.Select(CONTROLLER, List.of(), COLUMNS),
                new Operation.Select(MANAGER, List.of(), COLUMNS));
    }

    /**
     * The updates for the selected rows that name this controller and differ from {@code settings}; empty when
     * every such row already is as asked.
     *
     * @param ovsdbLocal the controller's end of the host's OVSDB connection (what the Manager target names)
     */
    static List<Operation> updates(List<OperationResult> selected, InetSocketAddress ovsdbLocal, int openflowPort,
                                   ReconnectSettings settings) {
        String address = ovsdbLocal.getAddress().getHostAddress();
        Set<String> bridgeControllers = Set.copyOf(selected.get(0).rows().stream()
                .flatMap(row -> row.uuids("controller").stream()).toList());
        List<Operation> updates = new ArrayList<>();
        for (Row row : selected.get(1).rows()) {
            if (bridgeControllers.contains(uuid(row)) && names(row, address, openflowPort) && differs(row, settings)) {
                updates.add(update(CONTROLLER, row, settings));
            }
        }
        for (Row row : selected.get(2).rows()) {
            if (names(row, address, ovsdbLocal.getPort()) && differs(row, settings)) {
                updates.add(update(MANAGER, row, settings));
            }
        }
        return updates;
    }

    /** {@code tcp:<address>:<port>} or {@code ssl:...}, IPv6 addresses in brackets, as ovs-vsctl writes them. */
    static boolean names(Row row, String address, int port) {
        String target = row.string("target");
        int colon = target.indexOf(':');
        int last = target.lastIndexOf(':');
        if (colon < 0 || last == colon) {
            return false;
        }
        String method = target.substring(0, colon);
        String host = target.substring(colon + 1, last).replace("[", "").replace("]", "");
        return (method.equals("tcp") || method.equals("ssl")) && canonical(host).equals(canonical(address))
                && target.substring(last + 1).equals(Integer.toString(port));
    }

    /** IPv6 literals have several spellings ({@code ::1}); parsing a literal never asks DNS. */
    private static String canonical(String address) {
        if (!address.contains(":")) {
            return address;
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException notALiteral) {
            return address;
        }
    }

    private static boolean differs(Row row, ReconnectSettings settings) {
        return !row.optionalInteger("max_backoff").equals(OptionalLong.of(settings.maxBackoffMillis()))
                || !row.optionalInteger("inactivity_probe")
                        .equals(OptionalLong.of(settings.inactivityProbeMillis()));
    }

    private static Operation update(String table, Row row, ReconnectSettings settings) {
        return new Operation.Update(table, List.of(Condition.isRow(uuid(row))), Map.of(
                "max_backoff", Datum.of(Atom.integer(settings.maxBackoffMillis())),
                "inactivity_probe", Datum.of(Atom.integer(settings.inactivityProbeMillis()))));
    }

    private static String uuid(Row row) {
        return Optional.of(row.uuids("_uuid")).filter(uuids -> uuids.size() == 1).map(uuids -> uuids.get(0))
                .orElseThrow(() -> new IllegalArgumentException("a selected row has no _uuid"));
    }
}
