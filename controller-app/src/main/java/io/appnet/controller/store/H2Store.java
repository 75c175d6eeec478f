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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded store: an H2 database file, {@value #FILE}.mv.db, in a directory (in Karaf, under its data
 * directory) that only the owner may read. Opening it applies the schema migrations it lacks ({@link H2Schema})
 * and refuses a database written by a newer controller. One open store per directory: H2's file lock keeps
 * other processes out, and this JVM refuses a second open.
 * <p>
 * Durability: with H2's default {@code WRITE_DELAY} (500 ms) a committed transaction stays in memory until a
 * background thread stores it, so kill -9 right after a commit loses it. With {@code WRITE_DELAY=0}, H2 writes
 * the transaction's chunk to the file before the JDBC commit returns; it then survives the death of the JVM. H2
 * does not fsync each commit, so a power loss may still take the last commits.
 */
public final class H2Store implements ControllerStore {
    static final String FILE = "appnet";
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

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
            Connection connection = connect(absolute);
            try {
                connection.setAutoCommit(false);
                restrictToOwner(absolute.resolve(FILE + ".mv.db"));
                H2Schema.migrate(connection, absolute);
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

    private static Connection connect(Path directory) throws SQLException {
        JdbcDataSource source = new JdbcDataSource(); // not DriverManager: it cannot see H2's driver in OSGi
        source.setURL("jdbc:h2:file:" + directory.resolve(FILE) + ";WRITE_DELAY=0");
        try {
            return source.getConnection();
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new StoreException("the store in " + directory + " is in use by another process", e);
            }
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    private static void createPrivateDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                restrictToOwner(directory);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the store directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void restrictToOwner(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwx------" : "rw-------"));
        } catch (IOException e) {
            throw new StoreException("cannot restrict " + path + " to its owner: " + e.getMessage(), e);
        }
    }

    private static StoredState read(Connection connection) throws SQLException {
        Map<String, Integer> apps = new HashMap<>();
        Map<String, String> leases = new HashMap<>();
        List<StoredPolicy> policies = new ArrayList<>();
        Map<String, List<String>> cidrs = new HashMap<>();
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
            try (ResultSet rows = statement.executeQuery(
                    "SELECT service_name, cidr FROM service_cidrs ORDER BY service_name, position")) {
                while (rows.next()) {
                    cidrs.computeIfAbsent(rows.getString(1), name -> new ArrayList<>()).add(rows.getString(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT name, protocol, start_port, end_port, pseudo_app_id"
                    + " FROM services ORDER BY name")) {
                while (rows.next()) {
                    services.add(new StoredService(rows.getString(1), cidrs.getOrDefault(rows.getString(1), List.of()),
                            rows.getString(2), rows.getInt(3), rows.getInt(4), rows.getInt(5)));
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
            batch("INSERT INTO apps (guid, app_id) VALUES (?, ?)", write.newApps().entrySet().stream()
                    .filter(app -> !contents.knowsApp(app.getKey()))
                    .map(app -> new Object[] {app.getKey(), app.getValue()}).toList());
            batch("INSERT INTO leases (host_id, cidr) VALUES (?, ?)", write.newLeases().entrySet().stream()
                    .filter(lease -> !contents.knowsLease(lease.getKey()))
                    .map(lease -> new Object[] {lease.getKey(), lease.getValue()}).toList());
            batch("DELETE FROM policies WHERE id = ?", write.removedPolicies().stream()
                    .map(id -> new Object[] {id}).toList());
            batch("INSERT INTO policies (id, source_guid, destination_guid, protocol, start_port, end_port)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", write.addedPolicies().stream()
                    .map(p -> new Object[] {p.id(), p.sourceGuid(), p.destinationGuid(), p.protocol(), p.startPort(),
                            p.endPort()}).toList());
            batch("DELETE FROM services WHERE name = ?", write.removedServices().stream() // cascades to its CIDRs
                    .map(name -> new Object[] {name}).toList());
            batch("INSERT INTO services (name, protocol, start_port, end_port, pseudo_app_id) VALUES (?, ?, ?, ?, ?)",
                    write.addedServices().stream().map(s -> new Object[] {s.name(), s.protocol(), s.startPort(),
                            s.endPort(), s.pseudoAppId()}).toList());
            batch("INSERT INTO service_cidrs (service_name, position, cidr) VALUES (?, ?, ?)",
                    write.addedServices().stream().flatMap(s -> cidrRows(s).stream()).toList());
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

    private static List<Object[]> cidrRows(StoredService service) {
        List<Object[]> rows = new ArrayList<>();
        for (int position = 0; position < service.cidrs().size(); position++) {
            rows.add(new Object[] {service.name(), position, service.cidrs().get(position)});
        }
        return rows;
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
