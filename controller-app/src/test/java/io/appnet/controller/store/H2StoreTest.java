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

class H2StoreTest extends StoreContract {
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
                .addingPolicies(List.of(policy(1, "web", "web"))));
        store.close();

        store = H2Store.open(directory());
        assertThat(store.load().appIds()).isEqualTo(Map.of("web", 1));
        assertThat(store.load().leases()).isEqualTo(Map.of("h1", "10.255.0.0/24"));
        assertThat(store.load().policies()).containsExactly(policy(1, "web", "web"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory()))).isEqualTo("rwx------");
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        store();
        assertThatThrownBy(() -> H2Store.open(directory())).isInstanceOf(StoreException.class)
                .hasMessage("the store in " + directory() + " is already open in this JVM");
    }

    @Test
    void anOlderSchemaIsMigratedAndANewerOneRefused() throws Exception {
        execute("CREATE TABLE schema_version (version INT NOT NULL)"); // what a controller before V1 left
        store = H2Store.open(directory());
        store.commit(StoreWrite.none().withApps(Map.of("web", 1)));
        store.close();
        store = null;

        execute("INSERT INTO schema_version VALUES (" + (H2Store.schemaVersion() + 1) + ")");
        assertThatThrownBy(() -> H2Store.open(directory())).isInstanceOf(StoreException.class)
                .hasMessageContaining("has schema version " + (H2Store.schemaVersion() + 1) + ", newer than this");
    }

    private void execute(String sql) throws Exception {
        Files.createDirectories(directory());
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + directory().resolve("appnet"));
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void anAcknowledgedCommitSurvivesKillMinus9() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreWriter.class.getName(), directory().toString())
                .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = output.readLine();
            } while (line != null && !line.equals("committed"));
            assertThat(line).as("the child committed").isEqualTo("committed");
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor()).isEqualTo(137);
        } finally {
            child.destroyForcibly();
        }

        assertThat(store().load().appIds()).isEqualTo(Map.of("web", 1, "api", 2));
        assertThat(store().load().policies()).containsExactly(new StoredPolicy(1, "web", "api", "tcp", 8080, 8080));
    }
}
