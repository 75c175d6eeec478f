package io.appnet.controller.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the rows that are replaced whole by key (groups with their members, destinations with their rules, per-app
 * egress addresses) inside {@link SqliteStore}'s open transaction: removals, then each put as delete and insert.
 */
final class SqliteEgressRows {

    private SqliteEgressRows() {
    }

    static void write(Connection connection, StoreWrite write) throws SQLException {
        List<Object[]> groupKeys = keys(write.groups(), StoredGroup::id);
        SqliteStore.batch(connection, "DELETE FROM app_groups WHERE id = ?", groupKeys); // cascades to members
        SqliteStore.batch(connection, "INSERT INTO app_groups (id, name) VALUES (?, ?)", write.groups().put().stream()
                .map(group -> new Object[] {group.id(), group.name()}).toList());
        SqliteStore.batch(connection, "INSERT INTO app_group_members (group_id, app_guid) VALUES (?, ?)",
                write.groups().put().stream().flatMap(group -> group.members().stream()
                        .map(member -> new Object[] {group.id(), member})).toList());

        List<Object[]> destinationKeys = keys(write.destinations(), StoredDestination::id);
        SqliteStore.batch(connection, "DELETE FROM destinations WHERE id = ?", destinationKeys); // and rules
        SqliteStore.batch(connection, "INSERT INTO destinations (id, name, description, gateways, pseudo_app_id)"
                + " VALUES (?, ?, ?, ?, ?)", write.destinations().put().stream().map(d -> new Object[] {d.id(),
                        d.name(), d.description(), String.join(",", d.gateways()), d.pseudoAppId()}).toList());
        List<Object[]> rules = new ArrayList<>();
        for (StoredDestination destination : write.destinations().put()) {
            for (int position = 0; position < destination.rules().size(); position++) {
                StoredDestination.Rule rule = destination.rules().get(position);
                rules.add(new Object[] {destination.id(), position, rule.protocol(), String.join(",", rule.ips()),
                        String.join(",", rule.ports()), rule.icmpType(), rule.icmpCode()});
            }
        }
        SqliteStore.batch(connection, "INSERT INTO destination_rules (destination_id, position, protocol, ips, ports,"
                + " icmp_type, icmp_code) VALUES (?, ?, ?, ?, ?, ?, ?)", rules);

        SqliteStore.batch(connection, "DELETE FROM egress_addresses WHERE app_guid = ?",
                keys(write.egressAddresses(), StoredEgressAddress::appGuid));
        SqliteStore.batch(connection, "INSERT INTO egress_addresses (app_guid, address) VALUES (?, ?)",
                write.egressAddresses().put().stream()
                        .map(address -> new Object[] {address.appGuid(), address.address()}).toList());
    }

    /** Every key the rows touch: removed ones and those put (a put replaces). */
    private static <T> List<Object[]> keys(StoredRows<T> rows, java.util.function.Function<T, String> key) {
        return StoreFields.union(rows.removed(), rows.putKeys(key)).stream().map(id -> new Object[] {id}).toList();
    }
}
