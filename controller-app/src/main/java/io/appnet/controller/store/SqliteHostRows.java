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
 * The hosts' last known topology (schema 4): {@code hosts}, with their instances in a child table that cascades.
 * Written inside {@link SqliteStore}'s open transaction: removals, then each put as delete and insert.
 */
final class SqliteHostRows {

    private SqliteHostRows() {
    }

    static void write(Connection connection, StoreWrite write) throws SQLException {
        SqliteStore.batch(connection, "DELETE FROM hosts WHERE host_id = ?",
                StoreFields.union(write.hosts().removed(), write.hosts().putKeys(StoredHost::hostId))
                        .stream().map(host -> new Object[] {host}).toList());
        SqliteStore.batch(connection, "INSERT INTO hosts (host_id, underlay_ip, tunnel_port, datapath_id, gateway)"
                + " VALUES (?, ?, ?, ?, ?)", write.hosts().put().stream().map(host -> new Object[] {host.hostId(),
                        host.underlayIp(), host.tunnelPort(), host.datapathId(), host.gateway() ? 1 : 0}).toList());
        List<Object[]> instances = new ArrayList<>();
        for (StoredHost host : write.hosts().put()) {
            for (StoredHost.Instance instance : host.instances()) {
                instances.add(new Object[] {host.hostId(), instance.interfaceName(), instance.appGuid(),
                        instance.ip(), instance.mac(), instance.ofport()});
            }
        }
        SqliteStore.batch(connection, "INSERT INTO host_instances (host_id, interface, app_guid, ip, mac, ofport)"
                + " VALUES (?, ?, ?, ?, ?, ?)", instances);
    }

    static List<StoredHost> read(Statement statement) throws SQLException {
        Map<String, List<StoredHost.Instance>> instances = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(
                "SELECT host_id, interface, app_guid, ip, mac, ofport FROM host_instances ORDER BY host_id, interface")) {
            while (rows.next()) {
                instances.computeIfAbsent(rows.getString(1), host -> new ArrayList<>()).add(new StoredHost.Instance(
                        rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5), rows.getInt(6)));
            }
        }
        List<StoredHost> hosts = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(
                "SELECT host_id, underlay_ip, tunnel_port, datapath_id, gateway FROM hosts ORDER BY host_id")) {
            while (rows.next()) {
                String host = rows.getString(1);
                hosts.add(new StoredHost(host, rows.getString(2), rows.getInt(3), rows.getLong(4), rows.getInt(5) != 0,
                        instances.getOrDefault(host, List.of())));
            }
        }
        return hosts;
    }
}
