package io.appnet.controller.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQLite store's versioned schema, its version kept in {@code PRAGMA user_version}. Migration N takes a store
 * from version N-1 to N; a migration that has shipped is never edited. SQLite's DDL is transactional, so each
 * migration and its version number commit together: a migration cut short by kill -9 left nothing behind.
 */
final class SqliteSchema {

    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE apps (guid TEXT PRIMARY KEY, app_id INTEGER NOT NULL UNIQUE) STRICT",
            "CREATE TABLE leases (host_id TEXT PRIMARY KEY, cidr TEXT NOT NULL UNIQUE) STRICT",
            "CREATE TABLE policies (id INTEGER PRIMARY KEY, source_guid TEXT NOT NULL, destination_guid TEXT NOT NULL,"
                    + " protocol TEXT NOT NULL, start_port INTEGER NOT NULL, end_port INTEGER NOT NULL) STRICT",
            "CREATE TABLE services (name TEXT PRIMARY KEY, protocol TEXT NOT NULL, start_port INTEGER NOT NULL,"
                    + " end_port INTEGER NOT NULL, pseudo_app_id INTEGER NOT NULL UNIQUE) STRICT",
            "CREATE TABLE service_cidrs (service_name TEXT NOT NULL REFERENCES services (name) ON DELETE CASCADE,"
                    + " position INTEGER NOT NULL, cidr TEXT NOT NULL, PRIMARY KEY (service_name, position)) STRICT"),
            // 2 (issue 9): destinations replace the external services, which nothing ever wrote; groups, group
            // policies, egress policies and per-app egress addresses. A rule's ip and port ranges are "a-b" lists.
            List.of("DROP TABLE service_cidrs", "DROP TABLE services",
                    "CREATE TABLE app_groups (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT",
                    "CREATE TABLE app_group_members (group_id TEXT NOT NULL REFERENCES app_groups (id)"
                            + " ON DELETE CASCADE, app_guid TEXT NOT NULL, PRIMARY KEY (group_id, app_guid)) STRICT",
                    "CREATE TABLE group_policies (id INTEGER PRIMARY KEY, source_group TEXT NOT NULL,"
                            + " destination_group TEXT NOT NULL, protocol TEXT NOT NULL, start_port INTEGER NOT NULL,"
                            + " end_port INTEGER NOT NULL) STRICT",
                    "CREATE TABLE destinations (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT"
                            + " NOT NULL, gateways TEXT NOT NULL, pseudo_app_id INTEGER NOT NULL UNIQUE) STRICT",
                    "CREATE TABLE destination_rules (destination_id TEXT NOT NULL REFERENCES destinations (id)"
                            + " ON DELETE CASCADE, position INTEGER NOT NULL, protocol TEXT NOT NULL, ips TEXT NOT NULL,"
                            + " ports TEXT NOT NULL, icmp_type INTEGER NOT NULL, icmp_code INTEGER NOT NULL,"
                            + " PRIMARY KEY (destination_id, position)) STRICT",
                    "CREATE TABLE egress_policies (id INTEGER PRIMARY KEY, source_type TEXT NOT NULL,"
                            + " source_id TEXT NOT NULL, destination_id TEXT NOT NULL, app_lifecycle TEXT NOT NULL)"
                            + " STRICT",
                    "CREATE TABLE egress_addresses (app_guid TEXT PRIMARY KEY, address TEXT NOT NULL UNIQUE) STRICT"),
            // 3 (issue 10): hardware firewall registrations; a datapath ID is one firewall's. Guards are
            // "app:<guid>" or "destination:<id>" in order; the identity map is the mode's (nat: app -> address,
            // vxlan: host -> tunnel port). A budget of 0 is none.
            List.of("CREATE TABLE firewalls (name TEXT PRIMARY KEY, datapath_id INTEGER NOT NULL UNIQUE,"
                            + " protected_port INTEGER NOT NULL, platform_port INTEGER NOT NULL, identity TEXT NOT NULL,"
                            + " budget_tables INTEGER NOT NULL, budget_max_entries INTEGER NOT NULL) STRICT",
                    "CREATE TABLE firewall_guards (firewall TEXT NOT NULL REFERENCES firewalls (name) ON DELETE CASCADE,"
                            + " position INTEGER NOT NULL, guard TEXT NOT NULL, PRIMARY KEY (firewall, position)) STRICT",
                    "CREATE TABLE firewall_identity (firewall TEXT NOT NULL REFERENCES firewalls (name)"
                            + " ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (firewall, key))"
                            + " STRICT"),
            // 4 (issue 13): each joined host's last known topology, so a restart compiles the whole network at once
            // and reconciles a host as soon as it has reported, not after every host has.
            List.of("CREATE TABLE hosts (host_id TEXT PRIMARY KEY, underlay_ip TEXT NOT NULL, tunnel_port INTEGER NOT NULL,"
                            + " datapath_id INTEGER NOT NULL, gateway INTEGER NOT NULL) STRICT",
                    "CREATE TABLE host_instances (host_id TEXT NOT NULL REFERENCES hosts (host_id) ON DELETE CASCADE,"
                            + " interface TEXT NOT NULL, app_guid TEXT NOT NULL, ip TEXT NOT NULL, mac TEXT NOT NULL,"
                            + " ofport INTEGER NOT NULL, PRIMARY KEY (host_id, interface)) STRICT"),
            // 5 (issue 10): how a firewall's rules are deployed, "auto" (by bundle where the device has them) or
            // "make-before-break"; registrations stored before keep auto.
            List.of("ALTER TABLE firewalls ADD COLUMN deploy TEXT NOT NULL DEFAULT 'auto'"));

    private SqliteSchema() {
    }

    /** The schema version this code writes. */
    static int latest() {
        return MIGRATIONS.size();
    }

    /** Applies the migrations the store lacks, each in its own transaction; refuses a store newer than this code. */
    static void migrate(Connection connection, Path directory) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version = version(statement);
            if (version > latest()) {
                throw new StoreException("the store in " + directory + " has schema version " + version
                        + ", newer than this controller's " + latest() + "; refusing to open it");
            }
            for (int next = version + 1; next <= latest(); next++) {
                int migration = next;
                SqliteStore.inTransaction(connection, () -> {
                    for (String sql : MIGRATIONS.get(migration - 1)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + migration);
                });
            }
        }
    }

    static int version(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
