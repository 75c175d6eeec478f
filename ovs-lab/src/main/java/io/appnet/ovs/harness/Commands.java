package io.appnet.ovs.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs external commands (ip, ovs-*, ping...) to completion with a deadline, capturing their output. */
final class Commands {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final ExecutorService STREAM_READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lab-command-output");
        thread.setDaemon(true);
        return thread;
    });

    private Commands() {
    }

    static CommandResult run(List<String> command) {
        return run(command, Map.of(), null, DEFAULT_TIMEOUT);
    }

    /** Runs a command that must succeed and returns its standard output. */
    static String check(List<String> command) {
        return run(command).stdoutOrThrow();
    }

    static CommandResult run(List<String> command, Map<String, String> environment, String stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandFailedException("cannot start " + String.join(" ", command) + ": " + e.getMessage());
        }
        CompletableFuture<String> stdout = readAsync(process.getInputStream());
        CompletableFuture<String> stderr = readAsync(process.getErrorStream());
        if (stdin != null) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The command exited before reading all input; its exit code tells the rest.
            }
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new CommandFailedException("timed out after " + timeout.toMillis() + " ms: " + String.join(" ", command));
            }
            return new CommandResult(command, process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted: " + String.join(" ", command));
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("reading output of " + String.join(" ", command), e.getCause()));
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, STREAM_READERS);
    }
}
