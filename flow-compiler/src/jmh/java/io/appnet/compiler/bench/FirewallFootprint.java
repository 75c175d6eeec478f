package io.appnet.compiler.bench;

import io.appnet.compiler.firewall.Capabilities;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.FirewallCompiler;
import io.appnet.compiler.firewall.FirewallResult;
import io.appnet.compiler.firewall.FirewallRules;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.firewall.TableFeatures;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * The firewall benchmark (issue 10): 1,000 apps with 10 instances each on 100 hosts, 100 guarded destinations
 * (70% one address and one tcp port, 20% one address and tcp 8000-8099, 10% udp 53), every app allowed to 10 of
 * them (10,000 egress policies). Prints the rules per table for two tables and for one, in instance-ip mode (10
 * source addresses per app) and nat mode (one), and the compile time (median of 5 after 2 warm-ups).
 * Run: {@code mvn -pl flow-compiler -Pbench test-compile exec:exec@firewall}.
 */
public final class FirewallFootprint {

    static final int APPS = 1_000;
    static final int INSTANCES_PER_APP = 10;
    static final int HOSTS = 100;
    static final int DESTINATIONS = 100;
    static final int DESTINATIONS_PER_APP = 10;

    private FirewallFootprint() {
    }

    public static void main(String[] args) {
        Network network = network(new Random(10));
        List<Guard> guards = new ArrayList<>();
        for (int d = 0; d < DESTINATIONS; d++) {
            guards.add(new Guard.Destination("dest-" + d));
        }
        TreeMap<String, Ipv4Address> nat = new TreeMap<>();
        for (int a = 0; a < APPS; a++) {
            nat.put("app-" + a, Ipv4Address.parse("198.18." + a / 250 + "." + (a % 250 + 1)));
        }
        System.out.println("| identity | guarded | tables | rules per table | total | compile median (runs) |");
        System.out.println("|---|---|---|---|---|---|");
        for (Identity identity : List.of(new Identity.InstanceIp(), new Identity.Nat(nat))) {
            for (int tables = 2; tables >= 1; tables--) {
                row(network, new Firewall("bench", 1, 1, 2, guards, identity, Optional.empty()), tables);
            }
        }
        // About 10,000 rules: a third of the destinations, nat, one table.
        row(network, new Firewall("bench", 1, 1, 2, guards.subList(0, 33), new Identity.Nat(nat), Optional.empty()), 1);
    }

    private static void row(Network network, Firewall firewall, int tables) {
        TableFeatures[] features = new TableFeatures[tables];
        Arrays.setAll(features, i -> TableFeatures.everything(i, 10_000_000));
        Capabilities capabilities = Capabilities.of(features);
        double[] ms = new double[7];
        FirewallResult result = null;
        for (int run = 0; run < ms.length; run++) {
            long t = System.nanoTime();
            result = FirewallCompiler.compile(network, firewall, capabilities);
            ms[run] = (System.nanoTime() - t) / 1e6;
        }
        double[] measured = Arrays.copyOfRange(ms, 2, ms.length);
        Arrays.sort(measured);
        FirewallRules rules = (FirewallRules) result;
        System.out.printf("| %s | %d | %d | %s | %,d | %.0f ms (%s) |%n",
                firewall.identity() instanceof Identity.Nat ? "nat" : "instance-ip", firewall.guards().size(), tables,
                rules.tables().stream().map(need -> String.format("%,d", need.needed())).toList(),
                rules.flows().size(), measured[measured.length / 2], runs(measured));
    }

    private static String runs(double[] measured) {
        StringBuilder text = new StringBuilder();
        for (double m : measured) {
            text.append(text.length() == 0 ? "" : ", ").append(Math.round(m));
        }
        return text.toString();
    }

    static Network network(Random random) {
        List<Change> changes = new ArrayList<>();
        changes.add(Change.configureEgress(EgressSettings.of("10.0.0.0/8", List.of("198.18.0.0/22"), "shared")));
        for (int h = 0; h < HOSTS; h++) {
            changes.add(Change.putHost(Host.of("host-" + h, "172.17." + h / 250 + "." + (h % 250 + 1),
                    "10." + h / 250 + "." + h % 250 + ".0/24", 1)));
        }
        for (int a = 0; a < APPS; a++) {
            changes.add(Change.registerApp("app-" + a));
        }
        int slot = 0;
        for (int a = 0; a < APPS; a++) {
            for (int i = 0; i < INSTANCES_PER_APP; i++, slot++) {
                int host = slot % HOSTS;
                int index = 2 + slot / HOSTS;
                String ip = "10." + host / 250 + "." + host % 250 + "." + index;
                changes.add(Change.addInstance("i-" + slot, "app-" + a, "host-" + host, index, ip,
                        String.format("02:00:%02x:%02x:%02x:%02x", host >> 8, host & 0xff, index >> 8, index & 0xff)));
            }
        }
        for (int d = 0; d < DESTINATIONS; d++) {
            List<IpRange> ip = List.of(IpRange.parse("172.16." + d / 250 + "." + (d % 250 + 1)));
            int roll = random.nextInt(10);
            DestinationRule rule = roll < 7 ? DestinationRule.tcp(ip, List.of(PortRange.single(1024 + d)))
                    : roll < 9 ? DestinationRule.tcp(ip, List.of(PortRange.of(8000, 8099)))
                    : DestinationRule.udp(ip, List.of(PortRange.single(53)));
            changes.add(Change.putDestination("dest-" + d, "destination-" + d, List.of(rule)));
        }
        long id = 1;
        for (int a = 0; a < APPS; a++) {
            for (int k = 0; k < DESTINATIONS_PER_APP; k++) {
                changes.add(Change.addEgressPolicy(id++, "app-" + a,
                        "dest-" + (a * 7 + k * 10 + random.nextInt(10)) % DESTINATIONS));
            }
        }
        return Network.empty().applyAll(changes);
    }
}
