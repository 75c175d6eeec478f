package io.appnet.controller.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time used so far by a process, to tell where an install's wall time went. */
final class ProcessCpu {
    /** USER_HZ, the unit of /proc/PID/stat times: 100 on every Linux architecture that the JDK runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    /** User plus system CPU of {@code pid} from /proc (10 ms resolution). */
    static long ofPid(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CPU time of process " + pid, e);
        }
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime (14), stime (15)
        return ticks * NANOS_PER_TICK;
    }

    /** CPU of this JVM, all threads (the controller's event loop, encoding, GC). */
    static long ofThisJvm() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
