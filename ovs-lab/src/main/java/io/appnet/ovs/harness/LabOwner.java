package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The owner file of a lab directory: "manual" for a lab made by scripts/lab.sh, otherwise the pid and start
 * time (epoch ms) of the JVM that made it. Pid and start time together survive pid reuse.
 */
final class LabOwner {

    enum State { NONE, MANUAL, THIS_PROCESS, OTHER_PROCESS_RUNNING, PROCESS_GONE }

    static final String MANUAL = "manual";
    private static final String FILE = "owner";

    private LabOwner() {
    }

    static void claim(Path labDir) {
        ProcessHandle self = ProcessHandle.current();
        try {
            Files.writeString(labDir.resolve(FILE), self.pid() + " " + startMillis(self).orElse(0L) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static State state(Path labDir) {
        Optional<String> content = read(labDir);
        if (content.isEmpty()) {
            return State.NONE;
        }
        if (content.get().equals(MANUAL)) {
            return State.MANUAL;
        }
        String[] parts = content.get().split("\\s+");
        long pid;
        long started;
        try {
            pid = Long.parseLong(parts[0]);
            started = parts.length > 1 ? Long.parseLong(parts[1]) : 0L;
        } catch (NumberFormatException e) {
            return State.PROCESS_GONE;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(handle -> ProcessTable.isRunning(handle.pid()));
        boolean sameProcess = process.isPresent()
                && (started == 0L || startMillis(process.get()).map(value -> value == started).orElse(true));
        if (!sameProcess) {
            return State.PROCESS_GONE;
        }
        return pid == ProcessHandle.current().pid() ? State.THIS_PROCESS : State.OTHER_PROCESS_RUNNING;
    }

    static String describe(Path labDir) {
        return read(labDir).map(content -> content.equals(MANUAL) ? "scripts/lab.sh" : "pid " + content.split("\\s+")[0])
                .orElse("nobody");
    }

    private static Optional<String> read(Path labDir) {
        try {
            return Optional.of(Files.readString(labDir.resolve(FILE)).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }
}
