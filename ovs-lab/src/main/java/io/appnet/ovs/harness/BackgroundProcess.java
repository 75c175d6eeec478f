package io.appnet.ovs.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A long-running command in a lab namespace (listener, capture). Its pid is written under the lab's bg/
 * directory so the teardown of a run that was killed finds it; output goes to a log file beside it.
 */
public final class BackgroundProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final String label;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private BackgroundProcess(String label, Process process, Path logFile, Path pidFile) {
        this.label = label;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    static BackgroundProcess start(String label, List<String> command, Map<String, String> environment,
            Path backgroundDir) {
        try {
            Path logFile = Files.createTempFile(backgroundDir, label + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            Path pidFile = backgroundDir.resolve(process.pid() + ".pid");
            Files.writeString(pidFile, process.pid() + "\n" + String.join(" ", command) + "\n");
            return new BackgroundProcess(label, process, logFile, pidFile);
        } catch (IOException e) {
            throw new CommandFailedException("cannot start " + label + " (" + String.join(" ", command) + "): " + e.getMessage());
        }
    }

    public String label() {
        return label;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Everything the process wrote to stdout and stderr so far. */
    public String output() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the output contains {@code text}; fails if the process exits first or time runs out. */
    public void awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive()) {
                throw new CommandFailedException(label + " exited with " + process.exitValue()
                        + " before printing '" + text + "': " + output().strip());
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException(label + " did not print '" + text + "' within "
                        + timeout.toMillis() + " ms: " + output().strip());
            }
            Sleep.millis(10);
        }
    }

    /** Ends the process (SIGTERM, then SIGKILL after a grace time); safe to call twice. */
    public void stop() {
        if (process.isAlive()) {
            ProcessTable.terminateAndWait(process.pid(), STOP_GRACE);
        }
        try {
            process.waitFor();
            Files.deleteIfExists(pidFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return label + " (pid " + pid() + ")";
    }
}
