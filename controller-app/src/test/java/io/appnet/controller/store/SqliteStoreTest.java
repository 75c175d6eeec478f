package io.appnet.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SqliteStoreTest extends StoreContract {
    /** The H2 schema as version 1 of the controller shipped it (services kept their CIDRs joined by commas). */
    private static final String[] H2_VERSION_1 = {
        "CREATE TABLE schema_version (version INT NOT NULL)",
        "CREATE TABLE apps (guid VARCHAR(128) PRIMARY KEY, app_id INT NOT NULL UNIQUE)",
        "CREATE TABLE leases (host_id VARCHAR(128) PRIMARY KEY, cidr VARCHAR(18) NOT NULL UNIQUE)",
        "CREATE TABLE policies (id BIGINT PRIMARY KEY, source_guid VARCHAR(128) NOT NULL,"
                + " destination_guid VARCHAR(128) NOT NULL, protocol VARCHAR(8) NOT NULL,"
                + " start_port INT NOT NULL, end_port INT NOT NULL)",
        "CREATE TABLE services (name VARCHAR(128) PRIMARY KEY, cidrs VARCHAR(8192) NOT NULL,"
                + " protocol VARCHAR(8) NOT NULL, start_port INT NOT NULL, end_port INT NOT NULL,"
                + " pseudo_app_id INT NOT NULL UNIQUE)",
        "INSERT INTO schema_version VALUES (1)",
        "INSERT INTO apps VALUES ('web', 1)",
        "INSERT INTO leases VALUES ('h1', '10.255.0.0/24')",
        "INSERT INTO policies VALUES (1, 'web', 'pg', 'tcp', 5432, 5432)",
        "INSERT INTO services VALUES ('pg', '192.168.7.0/24,10.9.0.0/16', 'tcp', 5432, 5432, 900)",
    };
    /** What the H2 store's version 2 did to version 1: the CIDRs in a table, the joined column dropped. */
    private static final String[] H2_VERSION_2_DDL = {
        "CREATE TABLE service_cidrs (service_name VARCHAR(128) NOT NULL REFERENCES services (name)"
                + " ON DELETE CASCADE, position INT NOT NULL, cidr VARCHAR(18) NOT NULL,"
                + " PRIMARY KEY (service_name, position))",
        "INSERT INTO service_cidrs VALUES ('pg', 0, '192.168.7.0/24'), ('pg', 1, '10.9.0.0/16')",
        "ALTER TABLE services DROP COLUMN cidrs",
    };
    /** The H2 store's external services were never used: they are left behind (schema 2 dropped them). */
    private static final StoredState H2_CONTENTS = StoredState.of(Map.of("web", 1), Map.of("h1", "10.255.0.0/24"),
            List.of(new StoredPolicy(1, "web", "pg", "tcp", 5432, 5432)));

    @TempDir
    Path parent;
    private SqliteStore store;

    @Override
    ControllerStore store() {
        if (store == null) {
            store = SqliteStore.open(directory());
        }
        return store;
    }

    private Path directory() {
        return parent.resolve("appnet");
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void everythingIsThereAfterReopeningAndOnlyTheOwnerMayReadIt() throws Exception {
        store().commit(StoreWrite.none().withApps(Map.of("web", 1)).withLease("h1", "10.255.0.0/24")
                .addingPolicies(List.of(policy(1, "web", "web")))
                .puttingDestinations(List.of(destination("d1", "pg", 900)))
                .addingEgressPolicies(List.of(egressPolicy(2, "web", "d1")))
                .puttingFirewalls(List.of(firewall("fw1", 0xf1))));
        StoredState committed = store.load();
        assertThat(permissions(directory())).isEqualTo("rwx------");
        for (String file : List.of("appnet.db", "appnet.db-wal", "appnet.db-shm", "appnet.lock")) {
            assertThat(permissions(directory().resolve(file))).as(file).isEqualTo("rw-------");
        }
        store.close();

        store = SqliteStore.open(directory());
        assertThat(store.load()).isEqualTo(committed);
        assertThat(committed.destinations()).containsExactly(destination("d1", "pg", 900));
        assertThat(committed.egressPolicies()).containsExactly(egressPolicy(2, "web", "d1"));
        assertThat(committed.firewalls()).containsExactly(firewall("fw1", 0xf1));
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void commitsReachTheLogBeforeReturningAndOnDiskWhenAskedTo() throws Exception {
        assertThat(pragmas(SqliteStore.open(directory()))).containsExactly("wal", "1"); // NORMAL: write(), no fsync
        assertThat(pragmas(SqliteStore.open(directory(), SqliteStore.Sync.POWER_LOSS))).containsExactly("wal", "2");
    }

    private static List<String> pragmas(SqliteStore opened) throws Exception {
        try (opened) {
            return List.of(opened.pragma("journal_mode"), opened.pragma("synchronous"));
        }
    }

    @Test
    void aStoreDirectoryOrFileOpenToOtherUsersIsRefusedAndLeftAlone() throws Exception {
        Files.createDirectories(directory(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-x---")));
        assertThatThrownBy(() -> SqliteStore.open(directory())).isInstanceOf(StoreException.class)
                .hasMessage(directory() + " is open to other users (rwxr-x---); the store is its owner's alone:"
                        + " chmod 700 " + directory());
        assertThat(directory().toFile().list()).isEmpty();

        Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwx------"));
        store().commit(StoreWrite.none().withApps(Map.of("web", 1)));
        store.close();
        store = null;
        Path file = directory().resolve("appnet.db");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SqliteStore.open(directory())).hasMessage(file + " is open to other users"
                + " (rw-r--r--); the store is its owner's alone: chmod 600 " + file);
        assertThat(permissions(file)).isEqualTo("rw-r--r--");
    }

    @Test
    void aDirectoryThatSqliteWouldReadAsSettingsIsRefused() {
        Path odd = parent.resolve("appnet?journal_mode=off");
        assertThatThrownBy(() -> SqliteStore.open(odd)).isInstanceOf(StoreException.class)
                .hasMessage("the store directory " + odd + " contains '?'; choose a path without it");
        assertThat(Files.exists(odd)).isFalse();
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        store();
        assertThatThrownBy(() -> SqliteStore.open(directory())).isInstanceOf(StoreException.class)
                .hasMessage("the store in " + directory() + " is already open in this JVM");
        store.commit(StoreWrite.none().withApps(Map.of("web", 1))); // the refusal took nothing from the holder
    }

    @Test
    void aVersion1StoreIsMigratedKeepingItsRowsAndDroppingTheUnusedServices() throws Exception {
        Files.createDirectories(directory(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        for (String sql : List.of(
                "CREATE TABLE apps (guid TEXT PRIMARY KEY, app_id INTEGER NOT NULL UNIQUE) STRICT",
                "CREATE TABLE leases (host_id TEXT PRIMARY KEY, cidr TEXT NOT NULL UNIQUE) STRICT",
                "CREATE TABLE policies (id INTEGER PRIMARY KEY, source_guid TEXT NOT NULL, destination_guid TEXT"
                        + " NOT NULL, protocol TEXT NOT NULL, start_port INTEGER NOT NULL, end_port INTEGER NOT NULL)"
                        + " STRICT",
                "CREATE TABLE services (name TEXT PRIMARY KEY, protocol TEXT NOT NULL, start_port INTEGER NOT NULL,"
                        + " end_port INTEGER NOT NULL, pseudo_app_id INTEGER NOT NULL UNIQUE) STRICT",
                "CREATE TABLE service_cidrs (service_name TEXT NOT NULL REFERENCES services (name) ON DELETE CASCADE,"
                        + " position INTEGER NOT NULL, cidr TEXT NOT NULL, PRIMARY KEY (service_name, position)) STRICT",
                "INSERT INTO apps VALUES ('web', 1)", "INSERT INTO leases VALUES ('h1', '10.255.0.0/24')",
                "INSERT INTO policies VALUES (1, 'web', 'pg', 'tcp', 5432, 5432)",
                "INSERT INTO services VALUES ('pg', 'tcp', 5432, 5432, 900)",
                "INSERT INTO service_cidrs VALUES ('pg', 0, '192.168.7.0/24')", "PRAGMA user_version = 1")) {
            sqlite(sql);
        }
        Files.setPosixFilePermissions(directory().resolve("appnet.db"), PosixFilePermissions.fromString("rw-------"));

        assertThat(store().load()).isEqualTo(H2_CONTENTS);
        assertThat(store.pragma("user_version")).isEqualTo(String.valueOf(SqliteSchema.latest()));
        store.commit(StoreWrite.none().puttingDestinations(List.of(destination("d1", "pg", 900))));
        assertThat(store.load().destinations()).as("the services' pseudo app IDs are free").hasSize(1);
    }

    @Test
    void aStoreFromANewerControllerIsRefusedAndLeftAlone() throws Exception {
        store().commit(StoreWrite.none().withApps(Map.of("web", 1)));
        store.close();
        store = null;
        int newer = SqliteSchema.latest() + 1;
        sqlite("PRAGMA user_version = " + newer);

        assertThatThrownBy(() -> SqliteStore.open(directory())).isInstanceOf(StoreException.class)
                .hasMessage("the store in " + directory() + " has schema version " + newer + ", newer than this"
                        + " controller's " + SqliteSchema.latest() + "; refusing to open it");
        assertThatThrownBy(() -> SqliteStore.open(directory())).hasMessageContaining("has schema version " + newer);
    }

    @Test
    void anEarlierControllersH2StoreOfVersion1IsImportedWhole() throws Exception {
        h2(H2_VERSION_1);

        assertThat(store().load()).isEqualTo(H2_CONTENTS);
        assertThat(Files.exists(directory().resolve("appnet.mv.db"))).isFalse();
        assertThat(Files.exists(directory().resolve("appnet.mv.db.imported"))).isTrue();
        store.commit(StoreWrite.none().puttingDestinations(List.of(destination("d1", "mysql", 901))));
        store.close();
        store = null;
        assertThat(store().load().destinations()).extracting(StoredDestination::name).containsExactly("mysql");
    }

    @Test
    void anH2StoreOfVersion2IsImportedWhole() throws Exception {
        h2(H2_VERSION_1);
        h2(H2_VERSION_2_DDL);
        h2("INSERT INTO schema_version VALUES (2)");

        assertThat(store().load()).isEqualTo(H2_CONTENTS);
    }

    @Test
    void anH2StoreCutShortOnItsWayToVersion2IsImportedWhole() throws Exception {
        h2(H2_VERSION_1);
        h2(H2_VERSION_2_DDL); // its version row never written: killed after the DDL that committed the copy

        assertThat(store().load()).isEqualTo(H2_CONTENTS);
    }

    @Test
    void anImportKilledBeforeTheH2FileWasRenamedOnlyRenamesItNextTime() throws Exception {
        h2(H2_VERSION_1);
        store().close();
        store = null;
        Files.copy(directory().resolve("appnet.mv.db.imported"), directory().resolve("appnet.mv.db"));

        assertThat(store().load()).isEqualTo(H2_CONTENTS);
        assertThat(Files.exists(directory().resolve("appnet.mv.db"))).isFalse();
    }

    @Test
    void anH2StoreBesideADifferentSqliteStoreIsRefusedAndBothAreLeftAlone() throws Exception {
        store().commit(StoreWrite.none().withApps(Map.of("api", 7)));
        store.close();
        store = null;
        h2(H2_VERSION_1);

        assertThatThrownBy(() -> SqliteStore.open(directory())).isInstanceOf(StoreException.class)
                .hasMessage("the store in " + directory() + " holds both appnet.db and an earlier controller's"
                        + " appnet.mv.db with other contents; move one of them away");
        Files.move(directory().resolve("appnet.mv.db"), parent.resolve("elsewhere.mv.db"));
        assertThat(store().load().appIds()).isEqualTo(Map.of("api", 7));
    }

    @Test
    void anotherProcessHoldingTheStoreKeepsThisOneOut() throws Exception {
        Process writer = startWriter();
        try {
            assertThatThrownBy(() -> SqliteStore.open(directory())).isInstanceOf(StoreException.class)
                    .hasMessage("the store in " + directory() + " is in use by another process");
        } finally {
            writer.destroyForcibly().waitFor();
        }
        assertThat(store().load().appIds()).isEqualTo(Map.of("web", 1, "api", 2));
    }

    @Test
    void anAcknowledgedCommitSurvivesKillMinus9() throws Exception {
        Process writer = startWriter();
        writer.destroyForcibly(); // SIGKILL as soon as the commit returned: no shutdown hook, no close
        assertThat(writer.waitFor()).isEqualTo(137);

        assertThat(store().load().appIds()).isEqualTo(Map.of("web", 1, "api", 2));
        assertThat(store().load().policies()).containsExactly(new StoredPolicy(1, "web", "api", "tcp", 8080, 8080));
    }

    /** A child JVM that has committed a write to the store and holds it open. */
    private Process startWriter() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreWriter.class.getName(), directory().toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.equals("committed")) {
                    return child;
                }
                seen.append(line).append('\n');
            }
            throw new AssertionError("the writer ended without committing:\n" + seen);
        } catch (Exception | AssertionError e) {
            child.destroyForcibly().waitFor();
            throw e;
        }
    }

    private void h2(String... sql) throws Exception {
        if (!Files.isDirectory(directory())) {
            Files.createDirectories(directory(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + directory().resolve("appnet"));
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private void sqlite(String sql) throws Exception {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + directory().resolve("appnet.db"));
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
