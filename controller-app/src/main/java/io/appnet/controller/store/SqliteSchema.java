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
                    + " position INTEGER NOT NULL, cidr TEXT NOT NULL, PRIMARY KEY (service_name, position)) STRICT"));

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
