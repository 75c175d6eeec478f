package io.appnet.controller.bench;

import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.e2e.ControllerLab;
import io.appnet.controller.policy.PolicySpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The controller benchmark's app-to-app workload (issue 5), shared with the egress benchmark at scale (issue 9):
 * {@code apps} apps {@code app-0...}, app i with one instance on host {@code h(1 + i % hosts)}, and random policies
 * between them.
 */
final class AppWorkload {
    private final int apps;
    private final Random random;

    AppWorkload(int apps, Random random) {
        this.apps = apps;
        this.random = random;
    }

    static String app(int index) {
        return "app-" + index;
    }

    int apps() {
        return apps;
    }

    /**
     * App i gets one instance on host {@code h(1 + i % hosts)}: an OVS internal port with the host contract's external
     * ids (flows only need the port), at address {@code firstOffset + i} of the host's subnet; waits until the
     * controller holds {@code alreadyThere + apps} instances.
     */
    void addInstances(ControllerLab lab, int hosts, int firstOffset, int alreadyThere) {
        for (int i = 0; i < apps; i++) {
            String hostName = "h" + (1 + i % hosts);
            Ipv4Prefix subnet = lab.subnetOf(hostName);
            String port = "i" + i;
            lab.host(hostName).vsctl("add-port", "br-int", port, "--", "set", "interface", port, "type=internal",
                    "external_ids:appnet-app-guid=" + app(i),
                    "external_ids:appnet-ip=" + subnet.network().plus(firstOffset + i),
                    String.format("external_ids:attached-mac=\"02:00:00:00:%02x:%02x\"", i / 256, i % 256));
        }
        lab.awaitInstances(alreadyThere + apps);
    }

    /**
     * One more app, {@code app}, with an instance on every host h1..h{@code hosts} at address {@code offset} of each
     * host's subnet, so a policy towards it reaches every host; waits until the controller holds
     * {@code alreadyThere + hosts} instances.
     */
    static void addAppOnEveryHost(ControllerLab lab, String app, int hosts, int offset, int alreadyThere) {
        for (int host = 1; host <= hosts; host++) {
            Ipv4Prefix subnet = lab.subnetOf("h" + host);
            String port = "w" + host;
            lab.host("h" + host).vsctl("add-port", "br-int", port, "--", "set", "interface", port, "type=internal",
                    "external_ids:appnet-app-guid=" + app, "external_ids:appnet-ip=" + subnet.network().plus(offset),
                    String.format("external_ids:attached-mac=\"02:00:00:01:00:%02x\"", host));
        }
        lab.awaitInstances(alreadyThere + hosts);
    }

    /** {@code count} distinct tcp policies between random apps, about 400 per port from {@code firstPort} on. */
    List<PolicySpec> randomPolicies(int count, int firstPort) {
        Set<PolicySpec> policies = new LinkedHashSet<>();
        for (int i = 0; policies.size() < count; i++) {
            int port = firstPort + i / (apps * 4);
            policies.add(PolicySpec.parse(app(random.nextInt(apps)), app(random.nextInt(apps)), "tcp", port, port,
                    false));
        }
        return List.copyOf(policies);
    }

    /** Policy i of the single changes: udp port 30000 + i between two random apps. */
    PolicySpec anyUdpPolicy(int i) {
        return PolicySpec.parse(app(random.nextInt(apps)), app(random.nextInt(apps)), "udp", 30000 + i, 30000 + i,
                false);
    }
}
