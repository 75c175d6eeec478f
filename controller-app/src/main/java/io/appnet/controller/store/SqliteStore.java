package io.appnet.controller.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: a SQLite database, {@value #FILE}, in a directory (in Karaf, under its data directory) that
 * only its owner may read, in write-ahead-log mode.
 * <p>
 * Durability: a commit returns once its transaction is appended to the write-ahead log with {@code write()}, so
 * it is in the operating system's hands and survives the death of the JVM, kill -9 included; SQLite recovers the
 * log on the next open and never applies part of a transaction. With {@link Sync#POWER_LOSS} the log is also
 * fsync'ed before the commit returns, so the commit survives a power loss or a kernel crash as well, at the cost of
 * one disk flush per write (see docs/controller.md for what that costs).
 * <p>
 * Opening applies the schema migrations the store lacks ({@link SqliteSchema}), refuses a store written by a newer
 * controller, and takes over the contents of an earlier controller's H2 store ({@link H2Import}) in one
 * transaction. One open store per directory ({@link StoreLock}).
 */
public final class SqliteStore implements ControllerStore {
    static final String FILE = "appnet.db";
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    /** When a commit is allowed to return. */
    public enum Sync {
        /** Once the operating system has the write: survives kill -9 and any crash of the JVM. */
        PROCESS_CRASH,
        /** Once the write is on disk (fsync): survives a power loss too. */
        POWER_LOSS
    }

    private final Path directory;
    private final StoreLock lock;
    private final Connection connection;
    private StoreContents contents; // guarded by this

    private SqliteStore(Path directory, StoreLock lock, Connection connection, StoredState state) {
        this.directory = directory;
        this.lock = lock;
        this.connection = connection;
        this.contents = new StoreContents(state);
    }

    /** Opens (creating if needed) the store in {@code directory}; commits survive kill -9. */
    public static SqliteStore open(Path directory) {
        return open(directory, Sync.PROCESS_CRASH);
    }

    /** Opens (creating if needed) the store in {@code directory}, committing as {@code sync} says. */
    public static SqliteStore open(Path directory, Sync sync) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (absolute.toString().contains("?")) { // sqlite-jdbc reads what follows '?' in its URL as settings
            throw new StoreException("the store directory " + absolute + " contains '?'; choose a path without it");
        }
        StorePermissions.createPrivateDirectory(absolute);
        StoreLock lock = StoreLock.acquire(absolute);
        List<Path> files = List.of(absolute.resolve(FILE), absolute.resolve(FILE + "-wal"),
                absolute.resolve(FILE + "-shm"));
        boolean created = !Files.exists(files.get(0));
        try {
            files.stream().filter(Files::exists).forEach(StorePermissions::requireOwnerOnly);
            Connection connection = connect(absolute, sync);
            try {
                if (created) {
                    files.stream().filter(Files::exists).forEach(StorePermissions::restrictToOwner);
                }
                SqliteSchema.migrate(connection, absolute);
                StoredState state = read(connection);
                if (H2Import.present(absolute)) {
                    state = importH2(connection, absolute, state);
                }
                return new SqliteStore(absolute, lock, connection, state);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            lock.close();
            throw new StoreException("cannot open the store in " + absolute + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Connection connect(Path directory, Sync sync) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(sync == Sync.POWER_LOSS ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        SQLiteDataSource source = new SQLiteDataSource(config); // not DriverManager: it cannot see drivers in OSGi
        source.setUrl("jdbc:sqlite:" + directory.resolve(FILE));
        return source.getConnection(); // in the driver's auto-commit mode: transactions are explicit, see below
    }

    private static StoredState read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return StoreRows.read(statement);
        }
    }

    /** SQL that may throw {@link SQLException}. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} as one transaction: all of it or, if anything fails, none of it. The transaction is begun
     * and ended here rather than by the driver's auto-commit switch: after an error such as a full disk SQLite
     * may already have rolled back, and a driver that did not notice would run the next write's statements one
     * by one, each committed on its own.
     */
    static void inTransaction(Connection connection, Work work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                work.run();
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException alreadyRolledBack) {
                    e.addSuppressed(alreadyRolledBack);
                }
                throw e;
            }
        }
    }

    /**
     * Takes over an earlier controller's H2 store: its contents are committed here in one transaction, then its
     * file is renamed. If a kill came between the two, the next open finds the same contents here and only renames.
     */
    private static StoredState importH2(Connection connection, Path directory, StoredState state)
            throws SQLException {
        StoredState imported = H2Import.read(directory);
        if (state.equals(StoredState.empty())) {
            StoreWrite all = everything(imported);
            StoreContents contents = new StoreContents(StoredState.empty());
            contents.check(all);
            inTransaction(connection, () -> write(connection, contents, all));
            state = read(connection);
        }
        if (!state.equals(imported)) {
            throw new StoreException("the store in " + directory + " holds both " + FILE + " and an earlier"
                    + " controller's " + H2Import.FILE + " with other contents; move one of them away");
        }
        try {
            Files.move(directory.resolve(H2Import.FILE), directory.resolve(H2Import.IMPORTED),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException("imported " + H2Import.FILE + " but cannot rename it: " + e.getMessage(), e);
        }
        return state;
    }

    private static StoreWrite everything(StoredState state) {
        StoreWrite all = StoreWrite.none().withApps(state.appIds()).addingPolicies(state.policies());
        for (var lease : state.leases().entrySet()) {
            all = all.withLease(lease.getKey(), lease.getValue());
        }
        return all;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized StoredState load() {
        return contents.snapshot();
    }

    @Override
    public synchronized void commit(StoreWrite write) {
        contents.check(write);
        try {
            inTransaction(connection, () -> write(connection, contents, write));
            contents.apply(write);
        } catch (SQLException e) {
            throw new StoreUnavailableException("the store in " + directory + " could not save the change: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The writes in order in one transaction, each checked against the contents the writes before it leave. Those
     * are applied to {@link #contents} as the transaction goes, so if it fails they are read back from the database.
     */
    @Override
    public synchronized void commitAll(List<StoreWrite> writes) {
        if (writes.size() == 1) {
            commit(writes.get(0));
            return;
        }
        try {
            inTransaction(connection, () -> {
                for (StoreWrite write : writes) {
                    contents.check(write);
                    write(connection, contents, write);
                    contents.apply(write);
                }
            });
        } catch (SQLException e) {
            contents = new StoreContents(reread(e));
            throw new StoreUnavailableException("the store in " + directory + " could not save the changes: "
                    + e.getMessage(), e);
        } catch (RuntimeException refused) {
            contents = new StoreContents(reread(refused));
            throw refused;
        }
    }

    /** What the store holds, after a failed group commit; a store that cannot be read is unavailable. */
    private StoredState reread(Exception failedCommit) {
        try {
            return read(connection);
        } catch (SQLException e) {
            e.addSuppressed(failedCommit);
            throw new StoreUnavailableException("the store in " + directory + " could not be read back after a"
                    + " failed commit: " + e.getMessage(), e);
        }
    }

    /** The rows of a checked write, in one open transaction; apps and leases already held are not rewritten. */
    private static void write(Connection connection, StoreContents contents, StoreWrite write) throws SQLException {
        batch(connection, "DELETE FROM leases WHERE host_id = ?", write.releasedLeases().stream()
                .map(host -> new Object[] {host}).toList());
        batch(connection, "DELETE FROM apps WHERE guid = ?", write.releasedApps().stream()
                .map(guid -> new Object[] {guid}).toList());
        batch(connection, "INSERT INTO apps (guid, app_id) VALUES (?, ?)", write.newApps().entrySet().stream()
                .filter(app -> !contents.knowsApp(app.getKey()))
                .map(app -> new Object[] {app.getKey(), app.getValue()}).toList());
        batch(connection, "INSERT INTO leases (host_id, cidr) VALUES (?, ?)", write.newLeases().entrySet().stream()
                .filter(lease -> !contents.knowsLease(lease.getKey()))
                .map(lease -> new Object[] {lease.getKey(), lease.getValue()}).toList());
        batch(connection, "DELETE FROM policies WHERE id = ?", write.removedPolicies().stream()
                .map(id -> new Object[] {id}).toList());
        batch(connection, "INSERT INTO policies (id, source_guid, destination_guid, protocol, start_port, end_port)"
                + " VALUES (?, ?, ?, ?, ?, ?)", write.addedPolicies().stream()
                .map(p -> new Object[] {p.id(), p.sourceGuid(), p.destinationGuid(), p.protocol(), p.startPort(),
                        p.endPort()}).toList());
        batch(connection, "DELETE FROM group_policies WHERE id = ?", write.removedPolicies().stream()
                .map(id -> new Object[] {id}).toList());
        batch(connection, "DELETE FROM egress_policies WHERE id = ?", write.removedPolicies().stream()
                .map(id -> new Object[] {id}).toList());
        batch(connection, "INSERT INTO group_policies (id, source_group, destination_group, protocol, start_port,"
                + " end_port) VALUES (?, ?, ?, ?, ?, ?)", write.addedGroupPolicies().stream()
                .map(p -> new Object[] {p.id(), p.sourceGroup(), p.destinationGroup(), p.protocol(), p.startPort(),
                        p.endPort()}).toList());
        SqliteEgressRows.write(connection, write);
        SqliteFirewallRows.write(connection, write);
        SqliteHostRows.write(connection, write);
        batch(connection, "INSERT INTO egress_policies (id, source_type, source_id, destination_id, app_lifecycle)"
                + " VALUES (?, ?, ?, ?, ?)", write.addedEgressPolicies().stream()
                .map(p -> new Object[] {p.id(), p.sourceType(), p.sourceId(), p.destinationId(), p.appLifecycle()})
                .toList());
    }

    static void batch(Connection connection, String sql, List<Object[]> rows) throws SQLException {
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

    /** The value of a pragma on this store's connection, as text (for tests and diagnostics). */
    synchronized String pragma(String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing the store in " + directory + ": " + e.getMessage(), e);
        } finally {
            lock.close();
        }
    }
}
