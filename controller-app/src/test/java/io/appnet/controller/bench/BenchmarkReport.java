package io.appnet.controller.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A benchmark's main: its report goes to the console and to {@code target/FILE}, opened and closed with the time
 * and the load average; the process exits 0, or 1 with the stack trace if the benchmark failed.
 */
final class BenchmarkReport {

    /** The benchmark itself, writing to the report. */
    interface Body {
        void run(PrintStream out) throws Exception;
    }

    private BenchmarkReport() {
    }

    static void run(String file, String title, Body body) {
        Path report = Path.of("target", file);
        try {
            Files.createDirectories(report.toAbsolutePath().getParent());
            try (PrintStream copy = new PrintStream(Files.newOutputStream(report), true, StandardCharsets.UTF_8)) {
                PrintStream both = new PrintStream(new TeeOutputStream(System.out, copy), true, StandardCharsets.UTF_8);
                both.printf("%s, %s, load average %s%n", title, Instant.now(), ScaleBenchmark.load());
                body.run(both);
                both.printf("finished %s, load average %s%n", Instant.now(), ScaleBenchmark.load());
            }
            System.out.println("report written to " + report.toAbsolutePath());
        } catch (Exception | AssertionError failure) {
            failure.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
