package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.firewall.Capabilities;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.FirewallCompiler;
import io.appnet.compiler.firewall.FirewallRules;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.firewall.TableFeatures;
import io.appnet.compiler.flow.FlowText;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The firewall export is what the real {@code ovs-ofctl -O OpenFlow13 parse-flows} prints for it (so
 * {@code add-flows} takes it and {@code dump-flows --no-stats} shows the same lines), and parses back. Also
 * writes the exports to
 * {@code target/firewall-export/} for the real-bridge check in the README.
 */
@Tag("ovs-tools")
class FirewallExportOvsTest {

    @Test
    void exportOfEveryModeAndLayoutIsWhatOvsPrints() throws Exception {
        Network network = GoldenScenario.network();
        List<String> apps = network.apps().keys();
        Map<String, Identity> modes = Map.of(
                "nat", new Identity.Nat(new TreeMap<>(Map.of(apps.get(0), Ipv4Address.parse("198.18.0.10"),
                        apps.get(1), Ipv4Address.parse("198.18.0.11")))),
                "instance-ip", new Identity.InstanceIp(),
                "vxlan", new Identity.Vxlan(new TreeMap<>(network.topology().hosts().keys().stream()
                        .collect(java.util.stream.Collectors.toMap(host -> host, host -> 10L + host.name().length())))));
        Path out = Files.createDirectories(Path.of("target", "firewall-export"));
        for (var mode : modes.entrySet()) {
            for (int tables = 1; tables <= 2; tables++) {
                Firewall firewall = new Firewall("fw-" + mode.getKey(), 0xf1, 1, 2,
                        apps.stream().map(app -> (Guard) new Guard.App(app)).toList(), mode.getValue(), Optional.empty());
                TableFeatures[] features = new TableFeatures[tables];
                Arrays.setAll(features, i -> TableFeatures.everything(i, 100_000));
                FirewallRules rules = (FirewallRules) FirewallCompiler.compile(network, firewall,
                        Capabilities.of(features));
                List<String> lines = rules.ofctl().lines().toList();

                assertThat(lines).hasSizeGreaterThan(3);
                assertThat(OvsOfctl.canonical(rules.flows())).isEqualTo(lines);
                assertThat(lines.stream().map(FlowText::parse).toList()).isEqualTo(rules.flows());
                Files.writeString(out.resolve(mode.getKey() + "-" + tables + ".flows"), rules.ofctl());
                Files.writeString(out.resolve(mode.getKey() + "-" + tables + ".json"), rules.json());
                assertThat(rules.json()).contains("\"ofctl\":\"" + rules.flows().get(0) + "\"");
            }
        }
    }
}
