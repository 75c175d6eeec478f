package io.appnet.controller.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.controller.core.ControllerConfig;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** etc/io.appnet.controller.cfg to controller settings: defaults as documented, bad values named. */
class ControllerComponentConfigTest {

    /** The configuration with the given keys (Java names) overridden, the rest at their declared defaults. */
    private static ControllerComponentConfig config(Map<String, Object> overrides) {
        return (ControllerComponentConfig) Proxy.newProxyInstance(ControllerComponentConfig.class.getClassLoader(),
                new Class<?>[] {ControllerComponentConfig.class}, (proxy, method, args) -> overrides.containsKey(
                        method.getName()) ? overrides.get(method.getName()) : method.getDefaultValue());
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
    }

    @Test
    void badValuesAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("openflow_port", 70000))))
                .hasMessage("openflow.port 70000 is not a TCP port (0-65535)");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("ovsdb_port", -1))))
                .hasMessage("ovsdb.port -1 is not a TCP port (0-65535)");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("echo_timeout_seconds", 0))))
                .hasMessage("echo.timeout.seconds must be at least 1, not 0");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("overlay_cidr", "10.255.0.0/33"))))
                .hasMessageStartingWith("overlay.cidr '10.255.0.0/33': ");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("overlay_prefix_length", 8))))
                .hasMessage("overlay.prefix.length 8 must be between the overlay's 16 and 30");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("audit_interval_seconds", -5))))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> ControllerComponent.settings(config(Map.of("nat_pool", "203.0.113.0/28, 203.0.113.300"))))
                .hasMessage("nat.pool entry '203.0.113.300' is not an IPv4 address or CIDR");
        ControllerComponent.settings(config(Map.of("nat_pool", "203.0.113.0/28, 198.51.100.7")));
    }
}
