package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What an operator finds in etc/ of the built distribution before starting it. */
class ShippedDefaultsIT {

    private static final Path DIST = Path.of(System.getProperty("appnet.dist.dir", "target/assembly"));

    @Test
    void openflowServerListensOnAllAddressesOnTheOpenflowPortWithEchoKeepalive() throws IOException {
        Properties openflow = load("etc/io.appnet.openflow.cfg");

        assertThat(openflow).containsEntry("listen.address", "0.0.0.0")
                .containsEntry("listen.port", "6653")
                .containsEntry("echo.interval.seconds", "5")
                .containsEntry("echo.timeout.seconds", "15");
        assertThat(Files.readString(DIST.resolve("etc/io.appnet.openflow.cfg")))
                .as("every setting is explained").contains("# Address", "# TCP port", "# Seconds");
    }

    @Test
    void sshShellIsReachableFromThisMachineOnly() throws IOException {
        assertThat(load("etc/org.apache.karaf.shell.cfg")).containsEntry("sshHost", "127.0.0.1");
    }

    @Test
    void jmxIsReachableFromThisMachineOnly() throws IOException {
        assertThat(load("etc/org.apache.karaf.management.cfg"))
                .containsEntry("rmiRegistryHost", "127.0.0.1")
                .containsEntry("rmiServerHost", "127.0.0.1");
    }

    @Test
    void noUserCanLogInUntilTheOperatorAddsOne() throws IOException {
        assertThat(load("etc/users.properties")).isEmpty();
    }

    @Test
    void controllerIsABootFeature() throws IOException {
        String boot = load("etc/org.apache.karaf.features.cfg").getProperty("featuresBoot");

        assertThat(Arrays.stream(boot.split(",")).map(String::trim).map(f -> f.replaceAll("/.*", "")))
                .contains("scr", "appnet", "ssh");
    }

    private static Properties load(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(DIST.resolve(file))) {
            properties.load(reader);
        }
        return properties;
    }
}
