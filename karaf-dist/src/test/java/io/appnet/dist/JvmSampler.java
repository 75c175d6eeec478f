package io.appnet.dist;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Samples another JVM's heap and thread count over JMX, reached through the attach API (its local management
 * agent, started on demand; no port or password to configure). The heap figure is what the last collection left
 * (used after GC, summed over the heap's pools), so it does not rise and fall with the young generation.
 */
final class JvmSampler implements AutoCloseable {

    /** One sample: seconds since sampling began, heap used after the last GC and now (bytes), live threads. */
    record Sample(double seconds, long heapAfterGc, long heapUsed, int threads) {
        @Override
        public String toString() {
            return String.format("%6.1f s  heap after GC %6.1f MiB  heap used %6.1f MiB  threads %d", seconds,
                    heapAfterGc / 1048576.0, heapUsed / 1048576.0, threads);
        }
    }

    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final ThreadMXBean threads;
    private final List<GarbageCollectorMXBean> collectors = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jvm-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final long startedNanos = System.nanoTime();

    private JvmSampler(JMXConnector connector) throws Exception {
        this.connector = connector;
        MBeanServerConnection server = connector.getMBeanServerConnection();
        this.memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        this.threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class);
        for (ObjectName name : server.queryNames(new ObjectName(
                ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
            collectors.add(ManagementFactory.newPlatformMXBeanProxy(server, name.toString(),
                    GarbageCollectorMXBean.class));
        }
    }

    /** Attaches to the JVM of {@code pid} (same user; the attaching JVM must be a JDK). */
    static JvmSampler attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return new JvmSampler(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    /** Takes a sample now and then every {@code period} until {@link #close()}. */
    void every(Duration period) {
        timer.scheduleAtFixedRate(() -> {
            try {
                sample();
            } catch (Exception e) {
                System.err.println("sampling failed: " + e);
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A full collection, then a sample: the heap that is really held, for the start and the end of a run. */
    Sample afterFullGc() throws Exception {
        memory.gc();
        return sample();
    }

    synchronized Sample sample() throws Exception {
        long afterGc = 0;
        long latestGcEnd = -1;
        for (GarbageCollectorMXBean collector : collectors) {
            GcInfo last = collector.getLastGcInfo();
            if (last != null && last.getEndTime() > latestGcEnd) {
                latestGcEnd = last.getEndTime();
                afterGc = heapOf(last.getMemoryUsageAfterGc());
            }
        }
        Sample sample = new Sample((System.nanoTime() - startedNanos) / 1e9, afterGc,
                memory.getHeapMemoryUsage().getUsed(), threads.getThreadCount());
        samples.add(sample);
        return sample;
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Heap pools only: the collectors' GcInfo lists metaspace and code cache too. */
    private static long heapOf(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream()
                .filter(pool -> pool.getKey().contains("Eden") || pool.getKey().contains("Survivor")
                        || pool.getKey().contains("Old") || pool.getKey().contains("Tenured"))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
    }

    @Override
    public void close() throws Exception {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        connector.close();
    }
}
