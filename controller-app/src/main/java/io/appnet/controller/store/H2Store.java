package io.appnet.controller.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded store: an H2 database file in a directory (in Karaf, under its data directory) that only the
 * owner may read. The schema is versioned; opening a database applies the migrations it lacks, and refuses a
 * database written by a newer controller. Commits are flushed before they return ({@code WRITE_DELAY=0}),
 * so an acknowledged write survives kill -9. One open store per directory: H2's file lock keeps other
 * processes out, and this JVM refuses a second open.
 */
public final class H2Store implements ControllerStore {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    /** Migration N (1-based) takes the schema from version N-1 to N. Never edit one that has shipped. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE apps (guid VARCHAR(128) PRIMARY KEY, app_id INT NOT NULL UNIQUE)",
            "CREATE TABLE leases (host_id VARCHAR(128) PRIMARY KEY, cidr VARCHAR(18) NOT NULL UNIQUE)",
            "CREATE TABLE policies (id BIGINT PRIMARY KEY, source_guid VARCHAR(128) NOT NULL,"
                    + " destination_guid VARCHAR(128) NOT NULL, protocol VARCHAR(8) NOT NULL,"
                    + " start_port INT NOT NULL, end_port INT NOT NULL)",
            "CREATE TABLE services (name VARCHAR(128) PRIMARY KEY, cidrs VARCHAR(8192) NOT NULL,"
                    + " protocol VARCHAR(8) NOT NULL, start_port INT NOT NULL, end_port INT NOT NULL,"
                    + " pseudo_app_id INT NOT NULL UNIQUE)"));

    private final Path directory;
    private final Connection connection;
    private final StoreContents contents;

    private H2Store(Path directory, Connection connection, StoredState state) {
        this.directory = directory;
        this.connection = connection;
        this.contents = new StoreContents(state);
    }

    /** Opens (creating if needed) the store in {@code directory}, migrating its schema to the current version. */
    public static H2Store open(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (!OPEN.add(absolute)) {
            throw new StoreException("the store in " + absolute + " is already open in this JVM");
        }
        try {
            createPrivateDirectory(absolute);
            JdbcDataSource source = new JdbcDataSource();
            source.setURL("jdbc:h2:file:" + absolute.resolve("appnet") + ";WRITE_DELAY=0");
            Connection connection = source.getConnection();
            try {
                connection.setAutoCommit(false);
                migrate(connection, absolute);
                return new H2Store(absolute, connection, read(connection));
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            OPEN.remove(absolute);
            throw new StoreException("cannot open the store in " + absolute + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            OPEN.remove(absolute);
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    /** The schema version this code writes. */
    public static int schemaVersion() {
        return MIGRATIONS.size();
    }

    private static void createPrivateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the store directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection connection, Path directory) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL)");
            int version = 0;
            try (ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rows.next()) {
                    version = rows.getInt(1);
                }
            }
            if (version > MIGRATIONS.size()) {
                connection.rollback();
                throw new StoreException("the store in " + directory + " has schema version " + version
                        + ", newer than this controller's " + MIGRATIONS.size() + "; refusing to open it");
            }
            for (int next = version + 1; next <= MIGRATIONS.size(); next++) {
                for (String sql : MIGRATIONS.get(next - 1)) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO schema_version VALUES (" + next + ")");
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static StoredState read(Connection connection) throws SQLException {
        Map<String, Integer> apps = new HashMap<>();
        Map<String, String> leases = new HashMap<>();
        List<StoredPolicy> policies = new ArrayList<>();
        List<StoredService> services = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT guid, app_id FROM apps")) {
                while (rows.next()) {
                    apps.put(rows.getString(1), rows.getInt(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT host_id, cidr FROM leases")) {
                while (rows.next()) {
                    leases.put(rows.getString(1), rows.getString(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT id, source_guid, destination_guid, protocol,"
                    + " start_port, end_port FROM policies ORDER BY id")) {
                while (rows.next()) {
                    policies.add(new StoredPolicy(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getInt(5), rows.getInt(6)));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT name, cidrs, protocol, start_port, end_port,"
                    + " pseudo_app_id FROM services ORDER BY name")) {
                while (rows.next()) {
                    services.add(new StoredService(rows.getString(1), Arrays.asList(rows.getString(2).split(",")),
                            rows.getString(3), rows.getInt(4), rows.getInt(5), rows.getInt(6)));
                }
            }
            connection.commit();
        }
        return new StoredState(apps, leases, policies, services);
    }

    @Override
    public synchronized StoredState load() {
        return contents.snapshot();
    }

    @Override
    public synchronized void commit(StoreWrite write) {
        contents.check(write);
        try {
            batch("INSERT INTO apps VALUES (?, ?)", write.newApps().entrySet().stream()
                    .filter(app -> !contents.knowsApp(app.getKey()))
                    .map(app -> new Object[] {app.getKey(), app.getValue()}).toList());
            batch("INSERT INTO leases VALUES (?, ?)", write.newLeases().entrySet().stream()
                    .filter(lease -> !contents.knowsLease(lease.getKey()))
                    .map(lease -> new Object[] {lease.getKey(), lease.getValue()}).toList());
            batch("DELETE FROM policies WHERE id = ?", write.removedPolicies().stream()
                    .map(id -> new Object[] {id}).toList());
            batch("INSERT INTO policies VALUES (?, ?, ?, ?, ?, ?)", write.addedPolicies().stream()
                    .map(p -> new Object[] {p.id(), p.sourceGuid(), p.destinationGuid(), p.protocol(), p.startPort(),
                            p.endPort()}).toList());
            batch("DELETE FROM services WHERE name = ?", write.removedServices().stream()
                    .map(name -> new Object[] {name}).toList());
            batch("INSERT INTO services VALUES (?, ?, ?, ?, ?, ?)", write.addedServices().stream()
                    .map(s -> new Object[] {s.name(), String.join(",", s.cidrs()), s.protocol(), s.startPort(),
                            s.endPort(), s.pseudoAppId()}).toList());
            connection.commit();
            contents.apply(write);
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw new StoreException("the store in " + directory + " could not commit: " + e.getMessage(), e);
        }
    }

    private void batch(String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing the store in " + directory + ": " + e.getMessage(), e);
        } finally {
            OPEN.remove(directory);
        }
    }
}
