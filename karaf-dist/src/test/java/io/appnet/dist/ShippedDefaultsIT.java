package io.appnet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What an operator finds in etc/ of the built distribution before starting it. */
class ShippedDefaultsIT {

    private static final Path DIST = Path.of(System.getProperty("appnet.dist.dir", "target/assembly"));

    @Test
    void controllerListensOnTheIanaPortsWithEchoKeepaliveAndLeasesFromTheDesignsOverlay() throws IOException {
        Properties controller = load("etc/io.appnet.controller.cfg");

        assertThat(controller).containsEntry("openflow.address", "0.0.0.0")
                .containsEntry("openflow.port", "6653")
                .containsEntry("ovsdb.address", "0.0.0.0")
                .containsEntry("ovsdb.port", "6640")
                .containsEntry("echo.interval.seconds", "5")
                .containsEntry("echo.timeout.seconds", "15")
                .containsEntry("overlay.cidr", "10.255.0.0/16")
                .containsEntry("overlay.prefix.length", "24")
                .containsEntry("settle.timeout.seconds", "10")
                .containsEntry("audit.interval.seconds", "30")
                .containsEntry("store.directory", "")
                .containsEntry("store.fsync", "false")
                .containsEntry("expiry.hours", "168")
                .containsEntry("max.hosts", "1024")
                .containsEntry("max.instances.per.host", "1024")
                .containsEntry("max.sessions.per.peer", "8")
                .containsEntry("southbound.tls.key", "appnet-tls/controller-privkey.pem")
                .containsEntry("southbound.tls.certificate", "appnet-tls/controller-cert.pem")
                .containsEntry("southbound.tls.ca", "appnet-tls/cacert.pem")
                .containsEntry("southbound.plaintext", "false")
                .containsEntry("nat.pool", "");
        assertThat(Files.readString(DIST.resolve("etc/io.appnet.controller.cfg"))).as("every setting is explained")
                .contains("# Address the OpenFlow", "# TCP port switches", "# Seconds of silence", "# Seconds without",
                        "# Address the OVSDB", "# TCP port hosts'", "# Overlay network",
                        "# Seconds after a start until every switch",
                        "# Seconds between audits", "# Directory of the embedded", "# false: a write is acknowledged",
                        "# Hours after which a host", "# Caps, each logged", "# Mutual TLS on OpenFlow and OVSDB",
                        "# true: plain TCP instead",
                        "# Public IPv4 addresses");
        assertThat(DIST.resolve("etc/appnet-tls")).as("no key ships with the distribution").doesNotExist();
    }

    @Test
    void binSetenvGivesTheServerJvmAFixedPretouchedHeapThatTheOperatorCanReplace() throws Exception {
        assertThat(heapOptions("karaf", Map.of())).startsWith("-Xms2g -Xmx2g -XX:+AlwaysPreTouch");
        assertThat(heapOptions("start", Map.of())).startsWith("-Xms2g -Xmx2g -XX:+AlwaysPreTouch");
        assertThat(heapOptions("karaf", Map.of("APPNET_HEAP", "3g"))).startsWith("-Xms3g -Xmx3g -XX:+AlwaysPreTouch");
        assertThat(heapOptions("karaf", Map.of("EXTRA_JAVA_OPTS", "-Xmx512m"))).as("the operator's own heap")
                .isEqualTo("-Xmx512m");
        assertThat(heapOptions("client", Map.of())).as("the shell client's JVM keeps the JVM's defaults").isEmpty();
    }

    /** EXTRA_JAVA_OPTS after bin/setenv is sourced by {@code script} (twice, as bin/start then bin/karaf do). */
    private static String heapOptions(String script, Map<String, String> environment) throws Exception {
        ProcessBuilder shell = new ProcessBuilder("/bin/sh", "-c",
                ". \"$SETENV\"; . \"$SETENV\"; printf '%s' \"$EXTRA_JAVA_OPTS\"").redirectErrorStream(true);
        shell.environment().remove("EXTRA_JAVA_OPTS");
        shell.environment().remove("JAVA_OPTS");
        shell.environment().remove("APPNET_HEAP");
        shell.environment().putAll(environment);
        shell.environment().put("KARAF_SCRIPT", script);
        shell.environment().put("SETENV", DIST.resolve("bin/setenv").toAbsolutePath().toString());
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip();
    }

    @Test
    void restApiListensOnLoopbackAndTrustsNoKeyButTheControllersOwn() throws IOException {
        assertThat(load("etc/org.ops4j.pax.web.cfg")).containsEntry("org.osgi.service.http.port", "8181")
                .containsEntry("org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        assertThat(load("etc/io.appnet.rest.cfg")).containsEntry("token.keys", "").containsEntry("signing.key", "")
                .containsEntry("quota", "150");
        assertThat(DIST.resolve("data/appnet")).as("no key or store ships with the distribution").doesNotExist();
    }

    @Test
    void sshShellIsReachableFromThisMachineOnly() throws IOException {
        assertThat(load("etc/org.apache.karaf.shell.cfg")).containsEntry("sshHost", "127.0.0.1")
                .as("SFTP would serve the token-signing key to shell users").containsEntry("sftpEnabled", "false");
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
