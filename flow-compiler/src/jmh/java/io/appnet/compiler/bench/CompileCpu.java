package io.appnet.compiler.bench;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Network;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The full compile of the {@link BenchmarkNetwork} repeated (default 3 warm-ups, then 10), each with its wall time,
 * the CPU time of the whole process (compiler threads and garbage collector), the garbage collectors' time and
 * what every thread allocated: on a shared machine the wall time follows the load, the CPU time much less, so
 * this is the one to compare two versions with. Medians at the end, with the load average before and after.
 * Run: {@code mvn -pl flow-compiler -Pbench test-compile exec:exec@compile-cpu}.
 */
public final class CompileCpu {

    private CompileCpu() {
    }

    public static void main(String[] args) throws IOException {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Network network = BenchmarkNetwork.build(42);
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("full compile, %d processors, load average %s%n", Runtime.getRuntime().availableProcessors(),
                loadAverage());
        List<Double> walls = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        List<Double> gcs = new ArrayList<>();
        for (int run = 0; run < warmups + runs; run++) {
            System.gc();
            long gcBefore = gcMillis();
            long allocatedBefore = allocated();
            long cpuBefore = os.getProcessCpuTime();
            long started = System.nanoTime();
            CompiledNetwork compiled = compiler.compile(network);
            double wall = (System.nanoTime() - started) / 1e6;
            double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e6;
            long gc = gcMillis() - gcBefore;
            long allocated = allocated() - allocatedBefore;
            boolean counted = run >= warmups;
            System.out.printf("%s %2d: wall %5.0f ms, process CPU %5.0f ms, GC %4d ms, allocated %4d MiB (%d flows)%n",
                    counted ? "run   " : "warm-up", counted ? run - warmups + 1 : run + 1, wall, cpu, gc,
                    allocated >> 20, compiled.totalFlows());
            if (counted) {
                walls.add(wall);
                cpus.add(cpu);
                gcs.add((double) gc);
            }
        }
        System.out.printf("median of %d: wall %.0f ms, process CPU %.0f ms, GC %.0f ms; load average %s%n", runs,
                median(walls), median(cpus), median(gcs), loadAverage());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long gcMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return millis;
    }

    private static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes = 0;
        for (long perThread : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            bytes += Math.max(0, perThread);
        }
        return bytes;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
