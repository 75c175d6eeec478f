package io.appnet.compiler.bench;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The benchmark's network: 1,000 hosts, 10,000 apps, 100,000 instances (100 per host, apps at random),
 * 100,000 app policies and 100 group policies over 100 groups of 50 apps. Policy ports: 70% one port,
 * 20% a range of 2-100 ports, 10% icmp/all/udp-53, which is what platforms' policies look like.
 */
public final class BenchmarkNetwork {

    public static final int HOSTS = 1_000;
    public static final int APPS = 10_000;
    public static final int INSTANCES_PER_HOST = 100;
    public static final int POLICIES = 100_000;
    public static final int GROUPS = 100;
    public static final int GROUP_SIZE = 50;
    public static final int GROUP_POLICIES = 100;

    private BenchmarkNetwork() {
    }

    public static Network build(long seed) {
        Random random = new Random(seed);
        Network network = Network.empty();
        for (int app = 0; app < APPS; app++) {
            network = network.apply(Change.registerApp("app-" + app));
        }
        for (int host = 0; host < HOSTS; host++) {
            network = network.apply(Change.putHost(Host.of("host-" + host, underlay(host), subnet(host), 1)));
        }
        for (int host = 0; host < HOSTS; host++) {
            for (int slot = 2; slot < 2 + INSTANCES_PER_HOST; slot++) {
                network = network.apply(Change.addInstance("i-" + host + "-" + slot, "app-" + random.nextInt(APPS),
                        "host-" + host, slot, "10." + (host >> 8) + "." + (host & 0xFF) + "." + slot,
                        String.format("02:00:00:%02x:%02x:%02x", host >> 8, host & 0xFF, slot)));
            }
        }
        int added = 0;
        while (added < POLICIES) {
            try {
                network = network.apply(randomPolicy(random, added + 1));
                added++;
            } catch (IllegalArgumentException duplicate) {
                // the same random rule twice: draw again
            }
        }
        for (int group = 0; group < GROUPS; group++) {
            Set<String> members = new HashSet<>();
            while (members.size() < GROUP_SIZE) {
                members.add("app-" + random.nextInt(APPS));
            }
            network = network.apply(Change.putGroup("group-" + group, members));
        }
        for (int i = 0; i < GROUP_POLICIES; i++) {
            network = network.apply(Change.addGroupPolicy(1_000_000 + i, "group-" + random.nextInt(GROUPS),
                    "group-" + random.nextInt(GROUPS), Protocol.TCP, PortRange.single(9000 + i)));
        }
        return network;
    }

    static Change randomPolicy(Random random, long id) {
        String source = "app-" + random.nextInt(APPS);
        String destination = "app-" + random.nextInt(APPS);
        int roll = random.nextInt(100);
        if (roll < 70) {
            return Change.addPolicy(id, source, destination, Protocol.TCP, PortRange.single(1 + random.nextInt(65535)));
        }
        if (roll < 90) {
            int start = 1024 + random.nextInt(60000);
            return Change.addPolicy(id, source, destination, random.nextBoolean() ? Protocol.TCP : Protocol.UDP,
                    PortRange.of(start, start + 1 + random.nextInt(99)));
        }
        if (roll < 94) {
            return Change.addPolicy(id, source, destination, Protocol.ICMP, PortRange.any());
        }
        if (roll < 97) {
            return Change.addPolicy(id, source, destination, Protocol.ALL, PortRange.any());
        }
        return Change.addPolicy(id, source, destination, Protocol.UDP, PortRange.single(53));
    }

    private static String underlay(int host) {
        return "172.16." + (host >> 8) + "." + (host & 0xFF);
    }

    private static String subnet(int host) {
        return "10." + (host >> 8) + "." + (host & 0xFF) + ".0/24";
    }
}
