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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends StoreContract {
    /** The schema as version 1 of the controller shipped it (services kept their CIDRs joined by commas). */
    private static final String[] VERSION_1 = {
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

    @TempDir
    Path parent;
    private H2Store store;

    @Override
    ControllerStore store() {
        if (store == null) {
            store = H2Store.open(directory());
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
                .addingServices(List.of(service("pg", 900, "192.168.7.0/24", "10.9.0.0/16"))));
        StoredState committed = store.load();
        store.close();

        store = H2Store.open(directory());
        assertThat(store.load()).isEqualTo(committed);
        assertThat(committed.services()).containsExactly(service("pg", 900, "192.168.7.0/24", "10.9.0.0/16"));
        assertThat(permissions(directory())).isEqualTo("rwx------");
        assertThat(permissions(directory().resolve("appnet.mv.db"))).isEqualTo("rw-------");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        store();
        assertThatThrownBy(() -> H2Store.open(directory())).isInstanceOf(StoreException.class)
                .hasMessage("the store in " + directory() + " is already open in this JVM");
    }

    @Test
    void aVersion1DatabaseIsMigratedKeepingEverything() throws Exception {
        execute(VERSION_1);

        assertThat(store().load()).isEqualTo(new StoredState(Map.of("web", 1), Map.of("h1", "10.255.0.0/24"),
                List.of(new StoredPolicy(1, "web", "pg", "tcp", 5432, 5432)),
                List.of(service("pg", 900, "192.168.7.0/24", "10.9.0.0/16"))));
        store.commit(StoreWrite.none().addingServices(List.of(service("mysql", 901, "10.8.0.1/32"))));
        store.close();
        store = null;
        assertThat(schemaVersion()).isEqualTo(H2Schema.latest());
        assertThat(store().load().services()).extracting(StoredService::name).containsExactly("mysql", "pg");
    }

    @Test
    void aMigrationCutShortAfterItsDdlIsFinishedByTheNextOpen() throws Exception {
        // Version 2 killed between dropping the joined column (which committed the copied rows) and its version row.
        execute(VERSION_1);
        execute("CREATE TABLE service_cidrs (service_name VARCHAR(128) NOT NULL REFERENCES services (name)"
                        + " ON DELETE CASCADE, position INT NOT NULL, cidr VARCHAR(18) NOT NULL,"
                        + " PRIMARY KEY (service_name, position))",
                "INSERT INTO service_cidrs VALUES ('pg', 0, '192.168.7.0/24'), ('pg', 1, '10.9.0.0/16')",
                "ALTER TABLE services DROP COLUMN cidrs");

        assertThat(store().load().services()).containsExactly(service("pg", 900, "192.168.7.0/24", "10.9.0.0/16"));
        store.close();
        store = null;
        assertThat(schemaVersion()).isEqualTo(H2Schema.latest());
    }

    @Test
    void aDatabaseFromANewerControllerIsRefusedAndLeftAlone() throws Exception {
        store().commit(StoreWrite.none().withApps(Map.of("web", 1)));
        store.close();
        store = null;
        int newer = H2Schema.latest() + 1;
        execute("INSERT INTO schema_version VALUES (" + newer + ")");

        assertThatThrownBy(() -> H2Store.open(directory())).isInstanceOf(StoreException.class)
                .hasMessage("the store in " + directory() + " has schema version " + newer + ", newer than this"
                        + " controller's " + H2Schema.latest() + "; refusing to open it");
        assertThat(schemaVersion()).isEqualTo(newer);
        assertThatThrownBy(() -> H2Store.open(directory())).hasMessageContaining("has schema version " + newer);
    }

    @Test
    void anotherProcessHoldingTheStoreKeepsThisOneOut() throws Exception {
        Process writer = startWriter();
        try {
            assertThatThrownBy(() -> H2Store.open(directory())).isInstanceOf(StoreException.class)
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

    private void execute(String... sql) throws Exception {
        Files.createDirectories(directory());
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private int schemaVersion() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private Connection connect() throws Exception {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + directory().resolve("appnet"));
        return source.getConnection();
    }
}
