package io.appnet.compiler.bench;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The egress benchmark on top of {@link BenchmarkNetwork}: 4 gateways, 10,000 destinations (70% one
 * address and one tcp port, 20% a /28 and a port range, 10% udp 53 or icmp), 100,000 egress policies over
 * the 10,000 apps (10 each, 1% from groups). Prints the full compile time (median of 5 after 2 warm-ups), flows
 * per gateway and per host, and the median and p99 of one egress policy change (add, then remove).
 * Run: {@code mvn -pl flow-compiler -Pbench test-compile exec:exec@egress}.
 */
public final class EgressFootprint {

    static final int GATEWAYS = 4;
    static final int DESTINATIONS = 10_000;
    static final int EGRESS_POLICIES = 100_000;

    private EgressFootprint() {
    }

    public static void main(String[] args) {
        Random random = new Random(7);
        long start = System.nanoTime();
        Network network = BenchmarkNetwork.build(42);
        System.out.printf("app network built in %.1f s%n", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        network = withEgress(network, random);
        System.out.printf("egress added in %.1f s: %d gateways, %d destinations, %d egress policies%n",
                (System.nanoTime() - start) / 1e9, network.egress().gateways().size(),
                network.egress().destinations().size(), network.egress().policies().size());

        FlowCompiler compiler = FlowCompiler.ovsHosts();
        CompiledNetwork compiled = null;
        double[] seconds = new double[7];
        for (int run = 0; run < seconds.length; run++) {
            long t = System.nanoTime();
            compiled = compiler.compile(network);
            seconds[run] = (System.nanoTime() - t) / 1e9;
        }
        double[] measured = Arrays.copyOfRange(seconds, 2, seconds.length);
        Arrays.sort(measured);
        System.out.printf("full compile: median %.2f s (runs %s)%n", measured[measured.length / 2],
                Arrays.toString(measured));

        List<Integer> hosts = new ArrayList<>();
        List<Integer> gateways = new ArrayList<>();
        Network compiledNetwork = network;
        compiled.datapaths().forEach((host, tables) ->
                (compiledNetwork.egress().isGateway(host) ? gateways : hosts).add(tables.size()));
        Collections.sort(hosts);
        Collections.sort(gateways);
        System.out.printf("flows: total %d; per gateway %s; per host min %d, median %d, max %d%n",
                compiled.totalFlows(), gateways, hosts.get(0), hosts.get(hosts.size() / 2),
                hosts.get(hosts.size() - 1));

        List<Double> add = new ArrayList<>();
        List<Double> remove = new ArrayList<>();
        List<Integer> mods = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            long id = 9_000_000 + i;
            Change change = Change.addEgressPolicy(id, "app-" + random.nextInt(BenchmarkNetwork.APPS),
                    "dest-" + random.nextInt(DESTINATIONS));
            long t = System.nanoTime();
            Update added = compiler.update(compiled, change);
            add.add((System.nanoTime() - t) / 1e3);
            mods.add(added.flowModCount());
            t = System.nanoTime();
            compiler.update(added.compiled(), Change.removePolicy(id));
            remove.add((System.nanoTime() - t) / 1e3);
        }
        Collections.sort(add);
        Collections.sort(remove);
        Collections.sort(mods);
        System.out.printf("one egress policy: add median %.1f us p99 %.1f us (flow-mods median %d); remove median %.1f us"
                        + " p99 %.1f us%n", add.get(add.size() / 2), add.get(add.size() * 99 / 100),
                mods.get(mods.size() / 2), remove.get(remove.size() / 2), remove.get(remove.size() * 99 / 100));
    }

    static Network withEgress(Network network, Random random) {
        List<Change> changes = new ArrayList<>();
        changes.add(Change.configureEgress(EgressSettings.of("10.0.0.0/8", List.of("198.18.0.0/24"), "shared")));
        for (int g = 0; g < GATEWAYS; g++) {
            String name = "gw-" + g;
            changes.add(Change.putHost(Host.of(name, "172.17.0." + (g + 1), "10.250." + g + ".0/24", 1)));
            changes.add(Change.putGateway(new Gateway(HostId.of(name), 2, io.appnet.compiler.model.MacAddress.parse(
                    String.format("02:00:00:00:fe:%02x", g)), Ipv4Address.parse("203.0.113.1"),
                    io.appnet.compiler.model.MacAddress.parse("02:00:00:00:ff:01"), true)));
        }
        for (int d = 0; d < DESTINATIONS; d++) {
            changes.add(Change.putDestination("dest-" + d, "destination-" + d, List.of(rule(random, d))));
        }
        for (int group = 0; group < 10; group++) {
            for (int p = 0; p < 100; p++) {
                changes.add(Change.addGroupEgressPolicy(2_000_000 + group * 100L + p, "group-" + group,
                        "dest-" + random.nextInt(DESTINATIONS)));
            }
        }
        for (int p = 0; p < EGRESS_POLICIES - 1_000; p++) {
            changes.add(Change.addEgressPolicy(3_000_000 + p, "app-" + (p % BenchmarkNetwork.APPS),
                    "dest-" + random.nextInt(DESTINATIONS)));
        }
        return network.applyAll(changes);
    }

    private static DestinationRule rule(Random random, int index) {
        Ipv4Address base = Ipv4Address.of(0x64400000 + index * 16);
        int roll = random.nextInt(100);
        if (roll < 70) {
            return DestinationRule.tcp(List.of(IpRange.single(base.plus(1 + random.nextInt(14)))),
                    List.of(PortRange.single(1 + random.nextInt(65535))));
        }
        if (roll < 90) {
            int start = 1024 + random.nextInt(60000);
            return DestinationRule.tcp(List.of(IpRange.of(base, base.plus(15))),
                    List.of(PortRange.of(start, start + random.nextInt(100))));
        }
        if (roll < 95) {
            return DestinationRule.udp(List.of(IpRange.single(base)), List.of(PortRange.single(53)));
        }
        return DestinationRule.icmp(List.of(IpRange.of(base, base.plus(15))), 8, DestinationRule.ANY);
    }
}
