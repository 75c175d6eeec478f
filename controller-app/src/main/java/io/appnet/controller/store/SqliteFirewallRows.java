package io.appnet.controller.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The firewall registrations' rows (schema 3, {@code deploy} since 4): {@code firewalls}, with their guards and identity map in child
 * tables that cascade. Written inside {@link SqliteStore}'s open transaction: removals, then each put as delete and
 * insert.
 */
final class SqliteFirewallRows {

    private SqliteFirewallRows() {
    }

    static void write(Connection connection, StoreWrite write) throws SQLException {
        SqliteStore.batch(connection, "DELETE FROM firewalls WHERE name = ?",
                StoreFields.union(write.firewalls().removed(), write.firewalls().putKeys(StoredFirewall::name))
                        .stream().map(name -> new Object[] {name}).toList());
        SqliteStore.batch(connection, "INSERT INTO firewalls (name, datapath_id, protected_port, platform_port,"
                + " identity, budget_tables, budget_max_entries, deploy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                write.firewalls().put().stream().map(f -> new Object[] {f.name(), f.datapathId(), f.protectedPort(),
                        f.platformPort(), f.identity(), f.budgetTables(), f.budgetMaxEntries(), f.deploy()}).toList());
        List<Object[]> guards = new ArrayList<>();
        List<Object[]> identities = new ArrayList<>();
        for (StoredFirewall firewall : write.firewalls().put()) {
            for (int position = 0; position < firewall.guards().size(); position++) {
                guards.add(new Object[] {firewall.name(), position, firewall.guards().get(position)});
            }
            firewall.identityMap().forEach((key, value) -> identities.add(new Object[] {firewall.name(), key, value}));
        }
        SqliteStore.batch(connection, "INSERT INTO firewall_guards (firewall, position, guard) VALUES (?, ?, ?)",
                guards);
        SqliteStore.batch(connection, "INSERT INTO firewall_identity (firewall, key, value) VALUES (?, ?, ?)",
                identities);
    }

    static List<StoredFirewall> read(Statement statement) throws SQLException {
        Map<String, List<String>> guards = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(
                "SELECT firewall, guard FROM firewall_guards ORDER BY firewall, position")) {
            while (rows.next()) {
                guards.computeIfAbsent(rows.getString(1), name -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        Map<String, Map<String, String>> identities = new HashMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT firewall, key, value FROM firewall_identity")) {
            while (rows.next()) {
                identities.computeIfAbsent(rows.getString(1), name -> new HashMap<>())
                        .put(rows.getString(2), rows.getString(3));
            }
        }
        List<StoredFirewall> firewalls = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT name, datapath_id, protected_port, platform_port,"
                + " identity, budget_tables, budget_max_entries, deploy FROM firewalls ORDER BY name")) {
            while (rows.next()) {
                String name = rows.getString(1);
                firewalls.add(new StoredFirewall(name, rows.getLong(2), rows.getLong(3), rows.getLong(4),
                        guards.getOrDefault(name, List.of()), rows.getString(5),
                        identities.getOrDefault(name, Map.of()), rows.getInt(6), rows.getLong(7),
                        rows.getString(8)));
            }
        }
        return firewalls;
    }
}
