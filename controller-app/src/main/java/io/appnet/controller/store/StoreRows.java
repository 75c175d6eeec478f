package io.appnet.controller.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a store's rows over JDBC. The apps, leases and policies tables have the same names and columns in the
 * SQLite store and in the earlier H2 store; the rest (issue 9) exist in SQLite only.
 */
final class StoreRows {

    private StoreRows() {
    }

    /** What the earlier H2 store could hold that is still kept: app IDs, leases, app-to-app policies. */
    static StoredState readCore(Statement statement) throws SQLException {
        return StoredState.of(apps(statement), leases(statement), policies(statement));
    }

    /** Everything the SQLite store holds. */
    static StoredState read(Statement statement) throws SQLException {
        Map<String, List<StoredDestination.Rule>> rules = rules(statement);
        List<StoredDestination> destinations = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(
                "SELECT id, name, description, gateways, pseudo_app_id FROM destinations ORDER BY id")) {
            while (rows.next()) {
                destinations.add(new StoredDestination(rows.getString(1), rows.getString(2), rows.getString(3),
                        rules.getOrDefault(rows.getString(1), List.of()), split(rows.getString(4)), rows.getInt(5)));
            }
        }
        return new StoredState(apps(statement), leases(statement), policies(statement), groups(statement),
                groupPolicies(statement), destinations, egressPolicies(statement), egressAddresses(statement),
                SqliteFirewallRows.read(statement), SqliteHostRows.read(statement));
    }

    /** A comma-separated list as the store writes it; empty text is no items. */
    static List<String> split(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    private static Map<String, Integer> apps(Statement statement) throws SQLException {
        Map<String, Integer> apps = new HashMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT guid, app_id FROM apps")) {
            while (rows.next()) {
                apps.put(rows.getString(1), rows.getInt(2));
            }
        }
        return apps;
    }

    private static Map<String, String> leases(Statement statement) throws SQLException {
        return pairs(statement, "SELECT host_id, cidr FROM leases");
    }

    private static Map<String, String> egressAddresses(Statement statement) throws SQLException {
        return pairs(statement, "SELECT app_guid, address FROM egress_addresses");
    }

    private static Map<String, String> pairs(Statement statement, String sql) throws SQLException {
        Map<String, String> pairs = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                pairs.put(rows.getString(1), rows.getString(2));
            }
        }
        return pairs;
    }

    private static List<StoredPolicy> policies(Statement statement) throws SQLException {
        List<StoredPolicy> policies = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT id, source_guid, destination_guid, protocol, start_port,"
                + " end_port FROM policies ORDER BY id")) {
            while (rows.next()) {
                policies.add(new StoredPolicy(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getInt(5), rows.getInt(6)));
            }
        }
        return policies;
    }

    private static List<StoredGroupPolicy> groupPolicies(Statement statement) throws SQLException {
        List<StoredGroupPolicy> policies = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT id, source_group, destination_group, protocol,"
                + " start_port, end_port FROM group_policies ORDER BY id")) {
            while (rows.next()) {
                policies.add(new StoredGroupPolicy(rows.getLong(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getInt(5), rows.getInt(6)));
            }
        }
        return policies;
    }

    private static List<StoredEgressPolicy> egressPolicies(Statement statement) throws SQLException {
        List<StoredEgressPolicy> policies = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT id, source_type, source_id, destination_id,"
                + " app_lifecycle FROM egress_policies ORDER BY id")) {
            while (rows.next()) {
                policies.add(new StoredEgressPolicy(rows.getLong(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5)));
            }
        }
        return policies;
    }

    private static List<StoredGroup> groups(Statement statement) throws SQLException {
        Map<String, List<String>> members = new HashMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT group_id, app_guid FROM app_group_members")) {
            while (rows.next()) {
                members.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        List<StoredGroup> groups = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT id, name FROM app_groups ORDER BY id")) {
            while (rows.next()) {
                groups.add(new StoredGroup(rows.getString(1), rows.getString(2),
                        members.getOrDefault(rows.getString(1), List.of())));
            }
        }
        return groups;
    }

    private static Map<String, List<StoredDestination.Rule>> rules(Statement statement) throws SQLException {
        Map<String, List<StoredDestination.Rule>> rules = new HashMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT destination_id, protocol, ips, ports, icmp_type,"
                + " icmp_code FROM destination_rules ORDER BY destination_id, position")) {
            while (rows.next()) {
                rules.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(new StoredDestination.Rule(
                        rows.getString(2), split(rows.getString(3)), split(rows.getString(4)), rows.getInt(5),
                        rows.getInt(6)));
            }
        }
        return rules;
    }
}
