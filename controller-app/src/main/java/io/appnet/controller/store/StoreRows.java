package io.appnet.controller.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a store's rows over JDBC; the tables have the same names and columns in the SQLite store and in H2's. */
final class StoreRows {

    private StoreRows() {
    }

    /** Everything stored, a service's CIDRs taken from {@code cidrs} (by service name, in order). */
    static StoredState read(Statement statement, Map<String, List<String>> cidrs) throws SQLException {
        return new StoredState(apps(statement), leases(statement), policies(statement), services(statement, cidrs));
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
        Map<String, String> leases = new HashMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT host_id, cidr FROM leases")) {
            while (rows.next()) {
                leases.put(rows.getString(1), rows.getString(2));
            }
        }
        return leases;
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

    /** The CIDRs of every service, in order, from the {@code service_cidrs} table. */
    static Map<String, List<String>> cidrs(Statement statement) throws SQLException {
        Map<String, List<String>> cidrs = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(
                "SELECT service_name, cidr FROM service_cidrs ORDER BY service_name, position")) {
            while (rows.next()) {
                cidrs.computeIfAbsent(rows.getString(1), name -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return cidrs;
    }

    private static List<StoredService> services(Statement statement, Map<String, List<String>> cidrs)
            throws SQLException {
        List<StoredService> services = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(
                "SELECT name, protocol, start_port, end_port, pseudo_app_id FROM services ORDER BY name")) {
            while (rows.next()) {
                services.add(new StoredService(rows.getString(1), cidrs.getOrDefault(rows.getString(1), List.of()),
                        rows.getString(2), rows.getInt(3), rows.getInt(4), rows.getInt(5)));
            }
        }
        return services;
    }
}
