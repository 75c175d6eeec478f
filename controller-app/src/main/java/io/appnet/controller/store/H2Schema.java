package io.appnet.controller.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The H2 store's versioned schema. Migration N takes a database from version N-1 to N, and {@code schema_version}
 * records each version applied. A migration that has shipped is never edited; a change is a new migration.
 * <p>
 * H2 commits at every DDL statement, so no migration can be a single transaction. Each one is therefore written
 * so that running it again after it was cut short (kill -9 part-way) finishes it; its data changes and its
 * version row commit together, after its DDL.
 */
final class H2Schema {

    @FunctionalInterface
    private interface Migration {
        void apply(Connection connection) throws SQLException;
    }

    private static final List<Migration> MIGRATIONS = List.of(H2Schema::createTables, H2Schema::giveServiceCidrsATable);

    private H2Schema() {
    }

    /** The schema version this code writes. */
    static int latest() {
        return MIGRATIONS.size();
    }

    /** Applies the migrations the database lacks; refuses a database newer than this code. */
    static void migrate(Connection connection, Path directory) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL)");
            int version;
            try (ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rows.next();
                version = rows.getInt(1);
            }
            if (version > latest()) {
                throw new StoreException("the store in " + directory + " has schema version " + version
                        + ", newer than this controller's " + latest() + "; refusing to open it");
            }
            for (int next = version + 1; next <= latest(); next++) {
                MIGRATIONS.get(next - 1).apply(connection);
                statement.execute("INSERT INTO schema_version VALUES (" + next + ")");
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** V1: apps, leases, policies and services, the CIDRs of a service joined by commas. */
    private static void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS apps (guid VARCHAR(128) PRIMARY KEY,"
                    + " app_id INT NOT NULL UNIQUE)");
            statement.execute("CREATE TABLE IF NOT EXISTS leases (host_id VARCHAR(128) PRIMARY KEY,"
                    + " cidr VARCHAR(18) NOT NULL UNIQUE)");
            statement.execute("CREATE TABLE IF NOT EXISTS policies (id BIGINT PRIMARY KEY,"
                    + " source_guid VARCHAR(128) NOT NULL, destination_guid VARCHAR(128) NOT NULL,"
                    + " protocol VARCHAR(8) NOT NULL, start_port INT NOT NULL, end_port INT NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS services (name VARCHAR(128) PRIMARY KEY,"
                    + " cidrs VARCHAR(8192) NOT NULL, protocol VARCHAR(8) NOT NULL, start_port INT NOT NULL,"
                    + " end_port INT NOT NULL, pseudo_app_id INT NOT NULL UNIQUE)");
        }
    }

    /**
     * V2: a service's CIDRs get rows of their own, in order, instead of a joined string that capped their number.
     * If an earlier run was cut short after dropping the joined column, its copy was already committed with it.
     */
    private static void giveServiceCidrsATable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS service_cidrs (service_name VARCHAR(128) NOT NULL"
                    + " REFERENCES services (name) ON DELETE CASCADE, position INT NOT NULL,"
                    + " cidr VARCHAR(18) NOT NULL, PRIMARY KEY (service_name, position))");
            if (!connection.getMetaData().getColumns(null, "PUBLIC", "SERVICES", "CIDRS").next()) {
                return;
            }
            List<String[]> joined = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT name, cidrs FROM services")) {
                while (rows.next()) {
                    joined.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            statement.execute("DELETE FROM service_cidrs");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO service_cidrs (service_name, position, cidr) VALUES (?, ?, ?)")) {
                for (String[] service : joined) {
                    String[] cidrs = service[1].split(",");
                    for (int position = 0; position < cidrs.length; position++) {
                        insert.setString(1, service[0]);
                        insert.setInt(2, position);
                        insert.setString(3, cidrs[position]);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            statement.execute("ALTER TABLE services DROP COLUMN cidrs");
        }
    }
}
