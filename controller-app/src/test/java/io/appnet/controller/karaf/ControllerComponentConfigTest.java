package io.appnet.controller.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.model.EgressSettings;
import io.appnet.controller.ControllerConfig;
import io.appnet.controller.security.Limits;
import io.appnet.controller.store.SqliteStore.Sync;
import io.appnet.ovs.harness.LabPki;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etc/io.appnet.controller.cfg to controller settings: defaults as documented, bad values named. */
class ControllerComponentConfigTest {

    /**
     * The configuration with the given keys (Java names) overridden, the rest at their declared defaults, except
     * a plaintext southbound (the TLS files' defaults are under a Karaf etc/ that tests do not have).
     */
    private static ControllerComponentConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("southbound_plaintext", "true"));
        values.putAll(overrides);
        return declared(values);
    }

    /** The configuration with the given keys overridden, the rest at their declared defaults. */
    private static ControllerComponentConfig declared(Map<String, Object> overrides) {
        return (ControllerComponentConfig) Proxy.newProxyInstance(ControllerComponentConfig.class.getClassLoader(),
                new Class<?>[] {ControllerComponentConfig.class}, (proxy, method, args) -> {
                    Object value = overrides.getOrDefault(method.getName(), method.getDefaultValue());
                    if (value instanceof RuntimeException unconvertible) {
                        throw unconvertible;
                    }
                    return value;
                });
    }

    /** What Felix SCR throws when a value in the file is not a number: a message only, without a cause. */
    private static RuntimeException notConvertible(String text) {
        return new RuntimeException(new NumberFormatException("For input string: \"" + text + "\"").toString());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ControllerConfig settings = ControllerComponent.settings(config(Map.of()));

        assertThat(settings.openflowAddress().getPort()).isEqualTo(6653);
        assertThat(settings.ovsdb().bindAddress().getPort()).isEqualTo(6640);
        assertThat(settings.overlay()).hasToString("10.255.0.0/16");
        assertThat(settings.subnetLength()).isEqualTo(24);
        assertThat(settings.settleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.auditInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.expiry()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.limits()).isEqualTo(new Limits(1024, 1024, 8));
        assertThat(ControllerComponent.storeSync(config(Map.of()).store_fsync())).isEqualTo(Sync.PROCESS_CRASH);
    }

    @Test
    void theSouthboundIsTlsByDefaultAndEachMissingFileIsNamedWithItsKey(@TempDir Path etc) {
        LabPki pki = LabPki.create(etc.resolve("appnet-tls"));

        assertThatThrownBy(() -> ControllerComponent.settings(declared(Map.of())))
                .hasMessageStartingWith("southbound.tls.key: no readable file appnet-tls/controller-privkey.pem");
        Map<String, Object> files = Map.of(
                "southbound_tls_key", pki.controller().privateKey().toString(),
                "southbound_tls_certificate", pki.controller().certificate().toString(),
                "southbound_tls_ca", pki.caCertificate().toString());
        ControllerConfig settings = ControllerComponent.settings(declared(files));
        assertThat(settings.tls()).isPresent();
        assertThat(settings.plaintext()).isFalse();
        assertThat(settings.tls().get().certificate().getSubjectX500Principal().getName()).contains("CN=appnet-controller");

        Map<String, Object> keyAsCa = new HashMap<>(files);
        keyAsCa.put("southbound_tls_ca", pki.controller().privateKey().toString());
        assertThatThrownBy(() -> ControllerComponent.settings(declared(keyAsCa)))
                .hasMessageStartingWith("southbound TLS: " + pki.controller().privateKey() + " is not a PEM certificate");
        Map<String, Object> certificateAsKey = new HashMap<>(files);
        certificateAsKey.put("southbound_tls_key", pki.caCertificate().toString());
        assertThatThrownBy(() -> ControllerComponent.settings(declared(certificateAsKey)))
                .hasMessageStartingWith("southbound TLS: " + pki.caCertificate() + " holds no PKCS#8 private key");
    }

    @Test
    void capsAreAtLeastOne() {
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("max_sessions_per_peer", 0))))
                .hasMessage("max.sessions.per.peer must be at least 1, not 0");
    }

    @Test
    void plaintextIsTrueOrFalseAndOnlyTrueTurnsTlsOff() {
        assertThat(ControllerComponent.settings(config(Map.of())).plaintext()).isTrue();
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("southbound_plaintext", "yes"))))
                .hasMessage("southbound.plaintext must be true or false, not 'yes'");
    }

    @Test
    void storeFsyncIsTrueOrFalseAndNothingElse() {
        assertThat(ControllerComponent.storeSync(" true ")).isEqualTo(Sync.POWER_LOSS);
        assertThat(ControllerComponent.storeSync("false")).isEqualTo(Sync.PROCESS_CRASH);
        assertThatThrownBy(() -> ControllerComponent.storeSync("yes"))
                .hasMessage("store.fsync must be true or false, not 'yes'");
    }

    @Test
    void badValuesAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("openflow_port", 70000))))
                .hasMessage("openflow.port 70000 is not a TCP port (1-65535)");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("ovsdb_port", -1))))
                .hasMessage("ovsdb.port -1 is not a TCP port (1-65535)");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("ovsdb_port", 0))))
                .hasMessage("ovsdb.port 0 is not a TCP port (1-65535)");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("openflow_port", notConvertible("66x53")))))
                .hasMessage("openflow.port must be a whole number (For input string: \"66x53\")");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("openflow_address", "no-such-host.invalid"))))
                .hasMessage("openflow.address 'no-such-host.invalid' is neither an IP address nor a name that resolves");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("ovsdb_address", " "))))
                .hasMessage("ovsdb.address is empty; use 0.0.0.0 for every interface");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("echo_interval_seconds", 20))))
                .hasMessage("echo.timeout.seconds 15 must not be less than echo.interval.seconds 20");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("echo_timeout_seconds", 0))))
                .hasMessage("echo.timeout.seconds must be at least 1, not 0");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("overlay_cidr", "10.255.0.0/33"))))
                .hasMessageStartingWith("overlay.cidr '10.255.0.0/33': ");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("overlay_prefix_length", 8))))
                .hasMessage("overlay.prefix.length 8 must be between the overlay's 16 and 30");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("audit_interval_seconds", -5))))
                .hasMessage("audit.interval.seconds must be at least 0, not -5");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("nat_pool", "203.0.113.0/28, 203.0.113.300"))))
                .hasMessageStartingWith("nat.pool entry '203.0.113.300' is not an IPv4 address, CIDR or range a-b");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("nat_pool", "2001:db8::1"))))
                .hasMessageStartingWith("nat.pool entry '2001:db8::1' is not an IPv4 address, CIDR or range a-b");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("nat_pool", "203.0.113.9-203.0.113.1"))))
                .hasMessageStartingWith("nat.pool entry '203.0.113.9-203.0.113.1'");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("nat_pool", "203.0.113.0/28, 203.0.113.5"))))
                .hasMessageStartingWith("nat.pool: ").hasMessageContaining("overlap");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("nat_pool", "10.255.9.0/30"))))
                .hasMessage("nat.pool: 10.255.9.0-10.255.9.3 overlaps the overlay 10.255.0.0/16");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("nat_mode", "per_app"))))
                .hasMessage("nat.mode 'per_app' must be shared or per-app");
    }

    @Test
    void theNatPoolAndModeAreTheConfiguredOnes() {
        assertThat(ControllerComponent.settings(config(Map.of())).egress())
                .isEqualTo(EgressSettings.of("10.255.0.0/16", List.of(), "shared"));

        ControllerConfig settings = ControllerComponent.settings(config(Map.of("nat_pool",
                "203.0.113.0/28, 198.51.100.7 ,198.51.100.20-198.51.100.21", "nat_mode", " per-app ")));

        assertThat(settings.egress()).isEqualTo(EgressSettings.of("10.255.0.0/16",
                List.of("198.51.100.7", "198.51.100.20-198.51.100.21", "203.0.113.0/28"), "per-app"));
        assertThat(settings.egress().poolSize()).isEqualTo(19);
    }

    @Test
    void listenAddressesAndEchoTimesAreTheConfiguredOnes() {
        ControllerConfig settings = ControllerComponent.settings(config(Map.of("openflow_address", "127.0.0.1",
                "ovsdb_address", "127.0.0.2", "ovsdb_port", 16640, "echo_interval_seconds", 2,
                "echo_timeout_seconds", 7, "overlay_cidr", "10.9.0.0/20", "overlay_prefix_length", 26)));

        assertThat(settings.openflowAddress().getHostString()).isEqualTo("127.0.0.1");
        assertThat(settings.ovsdb().bindAddress().getHostString()).isEqualTo("127.0.0.2");
        assertThat(settings.ovsdb().bindAddress().getPort()).isEqualTo(16640);
        assertThat(settings.ovsdb().echoInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.openflow().echoInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.openflow().echoTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.overlay()).hasToString("10.9.0.0/20");
        assertThat(settings.subnetLength()).isEqualTo(26);
    }
}
