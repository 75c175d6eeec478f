package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * An operator upgrading from a controller that kept its store in H2: the distribution's first start takes the H2
 * store's policies, app IDs and leases over into its SQLite store and keeps the H2 file as a backup.
 */
class StoreImportIT {
    /** The H2 store as the previous release left it (schema version 2). */
    private static final String[] PREVIOUS_RELEASE = {
        "CREATE TABLE schema_version (version INT NOT NULL)",
        "CREATE TABLE apps (guid VARCHAR(128) PRIMARY KEY, app_id INT NOT NULL UNIQUE)",
        "CREATE TABLE leases (host_id VARCHAR(128) PRIMARY KEY, cidr VARCHAR(18) NOT NULL UNIQUE)",
        "CREATE TABLE policies (id BIGINT PRIMARY KEY, source_guid VARCHAR(128) NOT NULL,"
                + " destination_guid VARCHAR(128) NOT NULL, protocol VARCHAR(8) NOT NULL,"
                + " start_port INT NOT NULL, end_port INT NOT NULL)",
        "CREATE TABLE services (name VARCHAR(128) PRIMARY KEY, protocol VARCHAR(8) NOT NULL, start_port INT NOT NULL,"
                + " end_port INT NOT NULL, pseudo_app_id INT NOT NULL UNIQUE)",
        "CREATE TABLE service_cidrs (service_name VARCHAR(128) NOT NULL REFERENCES services (name)"
                + " ON DELETE CASCADE, position INT NOT NULL, cidr VARCHAR(18) NOT NULL,"
                + " PRIMARY KEY (service_name, position))",
        "INSERT INTO schema_version VALUES (1), (2)",
        "INSERT INTO apps VALUES ('web', 1), ('api', 2)",
        "INSERT INTO leases VALUES ('h1', '10.255.0.0/24')",
        "INSERT INTO policies VALUES (1, 'web', 'api', 'tcp', 8080, 8080)",
    };

    @Test
    void theFirstStartTakesOverAnEarlierControllersH2Store() throws Exception {
        try (KarafInstance karaf = KarafInstance.copyOf(DistributionBootIT.DIST, DistributionBootIT.WORK, "import")) {
            Path store = karaf.home().resolve("data/appnet");
            Files.createDirectories(store, PosixFilePermissions.asFileAttribute( // as the previous release made it
                    PosixFilePermissions.fromString("rwx------")));
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:file:" + store.resolve("appnet"));
            try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
                for (String sql : PREVIOUS_RELEASE) {
                    statement.execute(sql);
                }
            }
            Files.setPosixFilePermissions(store.resolve("appnet.mv.db"), PosixFilePermissions.fromString("rw-------"));

            karaf.start();
            karaf.awaitPort(karaf.httpPort(), DistributionBootIT.BOOT_TIMEOUT);
            ApiClient api = new ApiClient(karaf);
            api.awaitHealthy();
            HttpResponse<String> listed = api.send("GET", "/networking/v1/external/policies", api.adminToken(), null);
            assertThat(listed.body()).isEqualTo("{\"total_policies\":1,\"policies\":[{\"source\":{\"id\":\"web\"},"
                    + "\"destination\":{\"id\":\"api\",\"protocol\":\"tcp\",\"ports\":{\"start\":8080,\"end\":8080}}}]}");
            assertThat(store.resolve("appnet.db")).exists();
            assertThat(store.resolve("appnet.mv.db")).doesNotExist();
            assertThat(store.resolve("appnet.mv.db.imported")).exists();
            assertThat(karaf.shell("appnet:app-list")).contains("web", "api");
        }
    }
}
