package io.appnet.fuzz;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs fuzz inputs on a worker thread and fails if they have not finished within the limit: a hang is a finding
 * like a crash. The limit is far above what a try's inputs cost (milliseconds), so it only trips on a loop that
 * does not end, never on a slow machine.
 */
public final class Watchdog implements AutoCloseable {
    public static final Duration LIMIT = Duration.ofSeconds(10);
    private ExecutorService worker = newWorker();

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fuzz-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code input}; what it throws is rethrown here, unwrapped; a hang is reported with {@code feeding}. */
    public void run(Runnable input, Supplier<String> feeding) {
        Future<?> running = worker.submit(input);
        try {
            running.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException hung) {
            running.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the hung thread may never come back; shrinking needs a free one
            throw new AssertionError("no end within " + LIMIT.toSeconds() + " s (a hang) of " + feeding.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw new AssertionError(failed.getCause());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
