package io.appnet.controller.bench;

import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.message.FlowMod;
import io.appnet.ovs.harness.ControllerEndpoint;
import io.appnet.ovs.harness.Lab;
import io.appnet.ovs.harness.LabHost;
import io.appnet.ovs.harness.LabSpec;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Design section 8, "Install": pushes the same distinct flows into br-int of one simulated host (userspace OVS in
 * a network namespace) through the controller (SwitchManager in this JVM) and with {@code ovs-ofctl --bundle
 * add-flows}, and prints each time, the medians and the ratio. Every install starts from an empty bridge and is
 * checked afterwards: the bridge must hold exactly the intended flows. Needs root.
 *
 * <p>Run: {@code mvn -q -pl controller-app -am -Pbench verify -DskipTests [-Dbench.runs=5]
 * [-Dbench.flows=100000]}; see docs/benchmarks.md.
 */
public final class InstallBenchmark {
    private static final String LAB_ID = "bench";
    private static final String BRIDGE = "br-int";
    private static final String OFCTL = "ovs-ofctl --bundle";
    private static final long CONNECT_TIMEOUT_SECONDS = 30;

    private final BenchmarkOptions options;
    private final PrintStream out;

    private InstallBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("install benchmark: " + e.getMessage() + "\n" + BenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        new InstallBenchmark(options, System.out).run();
    }

    private record Installer(String label, Runnable install) {
    }

    private void run() throws Exception {
        out.printf("flow-install benchmark: %,d flows, %d runs (+1 warm-up), one host, userspace OVS, %s%n",
                options.flows(), options.runs(), BRIDGE);
        List<FlowMod> flows = BenchmarkFlows.generate(options.flows());
        Set<String> expected = new LinkedHashSet<>();
        flows.forEach(flow -> expected.add(BenchmarkFlows.ofctlText(flow)));
        Path file = Files.createTempFile("appnet-bench-", ".flows");
        CompletableFuture<OfConnection> connected = new CompletableFuture<>();
        try (SwitchManager manager = new SwitchManager(new InetSocketAddress("0.0.0.0", 0),
                OfConnectionConfig.defaults(), Optional.empty())) {
            Files.write(file, expected);
            manager.addListener(new SwitchListener() {
                @Override
                public void switchUp(OfConnection connection) {
                    connected.complete(connection);
                }

                @Override
                public void switchDown(long datapathId, String reason) {
                    connected.completeExceptionally(new IllegalStateException("switch went down: " + reason));
                }
            });
            try (Lab lab = Lab.start(LabSpec.of(LAB_ID, 1).withController(
                    ControllerEndpoint.rootNamespace(manager.localAddress().getPort(), 6640).withoutOvsdb()))) {
                OfConnection connection = connected.get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LabHost host = lab.hosts().get(0);
                out.printf("switch %s connected; %s%n", connection, host.vsctl("--version").lines().findFirst()
                        .orElse(""));
                measure(host, connection, flows, expected, file);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void measure(LabHost host, OfConnection connection, List<FlowMod> flows, Set<String> expected, Path file) {
        BridgeFlows bridge = new BridgeFlows(host, BRIDGE);
        List<Installer> installers = new ArrayList<>();
        for (ControllerInstall way : ControllerInstall.values()) {
            installers.add(new Installer(way.label(), () -> way.install(connection, flows)));
        }
        installers.add(new Installer(OFCTL, () -> bridge.addFlowsInBundle(file)));
        InstallReport report = new InstallReport(installers.stream().limit(installers.size() - 1)
                .map(Installer::label).toList(), OFCTL);

        out.print("warm-up (not counted):");
        for (Installer installer : installers) {
            out.print(" " + installer.label() + " " + InstallReport.cell(timed(installer, host, bridge, expected))
                    + ";");
        }
        out.println();
        for (int run = 0; run < options.runs(); run++) {
            // A different installer goes first in each run, so none always meets a freshly emptied switch first.
            List<Installer> order = new ArrayList<>(installers);
            Collections.rotate(order, -run);
            List<Measurement> results = new ArrayList<>();
            for (Installer installer : order) {
                results.add(timed(installer, host, bridge, expected));
            }
            report.addRun(results);
            out.printf("run %d done (%s first)%n", run + 1, order.get(0).label());
        }
        report.print(out, flows.size());
        out.printf("controller encoding alone (no I/O, median of 5): flow-mods %.0f ms, bundle adds %.0f ms%n",
                EncodeCost.flowModsMillis(flows), EncodeCost.bundleAddsMillis(flows));
        out.println(READING);
    }

    /** Empties the bridge, times one install, then checks that the bridge holds exactly the intended flows. */
    private static Measurement timed(Installer installer, LabHost host, BridgeFlows bridge, Set<String> expected) {
        bridge.clear();
        long vswitchd = host.vswitchdPid();
        long switchCpu = ProcessCpu.ofPid(vswitchd);
        long controllerCpu = ProcessCpu.ofThisJvm();
        long start = System.nanoTime();
        installer.install().run();
        long wall = System.nanoTime() - start;
        Measurement measurement = new Measurement(installer.label(), wall, ProcessCpu.ofPid(vswitchd) - switchCpu,
                ProcessCpu.ofThisJvm() - controllerCpu);
        bridge.requireExactly(expected, installer.label());
        return measurement;
    }

    private static final String READING = """

            How to read: each cell is the wall time of one install of all flows into an empty br-int, from the first
            message to the switch's last answer (barrier or commit reply; for ovs-ofctl the whole command, file
            already written), and in parentheses the CPU ms that ovs-vswitchd / the controller JVM used meanwhile.
            Every install was verified: dump-aggregate counted exactly the intended flows and dump-flows showed
            exactly them. When ovs-vswitchd's CPU is close to the wall time, the switch is the bottleneck and the
            ways differ by how much work they ask of it; the controller's own CPU runs on the other core.
            best/ofctl is the faster controller way over ovs-ofctl; the target is <= 1.0. The machine is shared,
            so compare medians, not single runs.""";
}
