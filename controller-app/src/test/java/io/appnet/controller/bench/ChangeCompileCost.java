package io.appnet.controller.bench;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PolicyId;
import io.appnet.controller.policy.PolicySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The compile alone of one policy add and delete (what {@code ControllerChangeCost.compile} times inside
 * {@code ControllerBenchmark}), without Open vSwitch or root: the benchmark's network (3 hosts, 100 apps with one
 * instance each on host i % 3) built in the compiler, with 10,000 random tcp policies, then instead with ~100,000
 * single-port policies towards the apps on h1 (h1 then holds ~100,000 flows), as the benchmark loads them. Each is timed two ways, alternating
 * add and delete, 1,000 times each (after as many to warm up):
 * <ul>
 *   <li>as the controller compiles it: {@code NetworkModel.toCompile}, no registration (every app has an ID);
 *   <li>as the report measured it before issue 13: two {@code RegisterApp} changes and the {@code AddPolicy} in one
 *       {@code updateAll}, a batch, whose deltas diff every affected host's whole table.
 * </ul>
 * Run: {@code mvn -pl controller-app -am -Pbench-change-compile verify -DskipTests}. Not a test: asserts nothing.
 */
public final class ChangeCompileCost {
    private static final int HOSTS = 3;
    private static final int APPS = 100;
    private static final int CHANGES = 1_000;
    private static final long FIRST_ID = 0xF000_0000L;

    private final Random random = new Random(5);

    private ChangeCompileCost() {
    }

    public static void main(String[] args) throws IOException {
        System.out.printf("change compile cost, %d hosts, %d apps, JDK %s, load average %s%n", HOSTS, APPS,
                Runtime.version(), Files.readString(Path.of("/proc/loadavg")).strip());
        new ChangeCompileCost().run();
        System.out.printf("finished, load average %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private void run() {
        Network network = Network.empty();
        for (int host = 1; host <= HOSTS; host++) {
            network = network.apply(Change.putHost(Host.of("h" + host, "192.168.0." + host, "10.255." + host + ".0/24",
                    1)));
        }
        for (int app = 0; app < APPS; app++) {
            int host = 1 + app % HOSTS;
            network = network.apply(Change.registerApp(app(app)));
            network = network.apply(Change.addInstance("i" + app, app(app), "h" + host, 10 + app,
                    "10.255." + host + "." + (10 + app), String.format("02:00:00:00:%02x:%02x", app / 256, app % 256)));
        }
        Network apps = network;
        List<Change> policies = new ArrayList<>();
        long id = 1;
        for (PolicySpec spec : randomPolicies(10_000, 1000)) {
            policies.add(add(id++, spec));
        }
        network = apps.applyAll(policies);
        report("10,000 policies", FlowCompiler.ovsHosts().compile(network), this::anyUdpPolicy);

        policies.clear();
        for (int port = 1; policies.size() < 100_000; port++) {
            for (int destination = 0; destination < APPS; destination += HOSTS) {
                policies.add(add(id++, PolicySpec.parse(app(port % APPS), app(destination), "tcp", port, port, false)));
            }
        }
        network = apps.applyAll(policies);
        report(network.policies().policies().size() + " policies towards the apps on h1",
                FlowCompiler.ovsHosts().compile(network), this::udpPolicyTowardsH1);
    }

    private void report(String loaded, CompiledNetwork compiled, IntFunction<PolicySpec> policy) {
        System.out.printf("%s: flows per host %s%n", loaded, flowsPerHost(compiled));
        ControllerChangeCost.compile(compiled, policy, CHANGES);
        registeringBoth(compiled, policy, CHANGES);
        List<Double> controller = ControllerChangeCost.compile(compiled, policy, 2 * CHANGES);
        List<Double> registering = registeringBoth(compiled, policy, 2 * CHANGES);
        System.out.printf("SUMMARY %s, compile alone, p50 / p99 ms over %d adds and %d deletes:%n", loaded, CHANGES,
                CHANGES);
        System.out.printf("SUMMARY   as the controller compiles it (NetworkModel.toCompile): add %s, delete %s%n",
                percentiles(every(controller, 0)), percentiles(every(controller, 1)));
        System.out.printf("SUMMARY   with both apps registered again (the report before issue 13): add %s, delete %s%n",
                percentiles(every(registering, 0)), percentiles(every(registering, 1)));
    }

    /** The old measurement: both apps registered again with the add, in one batch. */
    private static List<Double> registeringBoth(CompiledNetwork loaded, IntFunction<PolicySpec> policy, int changes) {
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        List<Double> millis = new ArrayList<>(changes);
        for (int i = 0; i < changes / 2; i++) {
            PolicySpec spec = policy.apply(i);
            PolicyId id = PolicyId.of(FIRST_ID + i);
            long started = System.nanoTime();
            Update added = compiler.updateAll(loaded, List.of(Change.registerApp(spec.sourceGuid()),
                    Change.registerApp(spec.destinationGuid()), new Change.AddPolicy(id, spec.sourceGuid(),
                            spec.destinationGuid(), spec.protocol(), spec.ports())));
            millis.add((System.nanoTime() - started) / 1e6);
            started = System.nanoTime();
            compiler.updateAll(added.compiled(), List.of(new Change.RemovePolicy(id)));
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return millis;
    }

    private static Change add(long id, PolicySpec spec) {
        return new Change.AddPolicy(PolicyId.of(id), spec.sourceGuid(), spec.destinationGuid(), spec.protocol(),
                spec.ports());
    }

    private static String app(int index) {
        return "app-" + index;
    }

    /** As {@code ControllerBenchmark.randomPolicies}: distinct tcp policies, about 400 per port. */
    private List<PolicySpec> randomPolicies(int count, int firstPort) {
        Set<PolicySpec> policies = new LinkedHashSet<>();
        for (int i = 0; policies.size() < count; i++) {
            int port = firstPort + i / (APPS * 4);
            policies.add(PolicySpec.parse(app(random.nextInt(APPS)), app(random.nextInt(APPS)), "tcp", port, port,
                    false));
        }
        return List.copyOf(policies);
    }

    private PolicySpec anyUdpPolicy(int i) {
        return PolicySpec.parse(app(random.nextInt(APPS)), app(random.nextInt(APPS)), "udp", 30000 + i, 30000 + i,
                false);
    }

    private PolicySpec udpPolicyTowardsH1(int i) {
        return PolicySpec.parse(app(random.nextInt(APPS)), app(HOSTS * random.nextInt((APPS + HOSTS - 1) / HOSTS)),
                "udp", 30000 + i, 30000 + i, false);
    }

    private static String flowsPerHost(CompiledNetwork compiled) {
        List<String> sizes = new ArrayList<>();
        compiled.datapaths().forEach((host, tables) -> sizes.add(host + "=" + tables.size()));
        Collections.sort(sizes);
        return String.join(" ", sizes);
    }

    private static List<Double> every(List<Double> alternating, int first) {
        List<Double> picked = new ArrayList<>();
        for (int i = first; i < alternating.size(); i += 2) {
            picked.add(alternating.get(i));
        }
        return picked;
    }

    private static String percentiles(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("%.3f / %.3f", sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)));
    }
}
