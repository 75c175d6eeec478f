package io.appnet.compiler.bench;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Network;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints the benchmark network's flow counts (total, per host) and the heap its compiled state
 * retains, measured after full GCs. The timings are in {@link CompileBenchmark}.
 */
public final class Footprint {

    private Footprint() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        Network network = BenchmarkNetwork.build(42);
        System.out.printf("network built in %.1f s: %d hosts, %d apps, %d instances, %d policies, %d group policies%n",
                (System.nanoTime() - start) / 1e9, network.topology().hosts().size(), network.apps().size(),
                network.topology().instances().size(), network.policies().policies().size(),
                network.policies().groupPolicies().size());
        long networkHeap = usedHeapAfterGc();
        CompiledNetwork compiled = FlowCompiler.ovsHosts().compile(network);
        long compiledHeap = usedHeapAfterGc();

        List<Integer> perHost = new ArrayList<>();
        compiled.datapaths().forEach((host, tables) -> perHost.add(tables.size()));
        Collections.sort(perHost);
        System.out.printf("flows: total %d; per host min %d, median %d, max %d%n", compiled.totalFlows(),
                perHost.get(0), perHost.get(perHost.size() / 2), perHost.get(perHost.size() - 1));
        System.out.printf("heap after GC: network %d MiB, network + compiled tables %d MiB (tables %d MiB, %.0f bytes/flow)%n",
                networkHeap >> 20, compiledHeap >> 20, (compiledHeap - networkHeap) >> 20,
                (double) (compiledHeap - networkHeap) / compiled.totalFlows());
        System.out.println("(keep alive: " + compiled.network().topology().hosts().size() + ")");
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
