package io.appnet.controller.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link ScaleBenchmark}; a bad value is refused naming the option. */
record ScaleOptions(List<Integer> hosts, int runs, int policies, int changes, Path report) {
    static final String USAGE = "usage: ScaleBenchmark [--hosts=N,N,... (each 1..5000, default 10,100,1000)]"
            + " [--runs=N (1..20, default 3)] [--policies=N (1..200000, default 10000)]"
            + " [--changes=N (2..100000, default 1000)] [--report=FILE (default target/scale-benchmark.txt)]";

    static ScaleOptions parse(String... args) {
        List<Integer> hosts = List.of(10, 100, 1000);
        int runs = 3;
        int policies = 10_000;
        int changes = 1_000;
        Path report = Path.of("target", "scale-benchmark.txt");
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--hosts=")) {
                List<Integer> counts = new ArrayList<>();
                for (String count : value.split(",")) {
                    counts.add(number("hosts", count, 1, 5000));
                }
                hosts = List.copyOf(counts);
            } else if (arg.startsWith("--runs=")) {
                runs = number("runs", value, 1, 20);
            } else if (arg.startsWith("--policies=")) {
                policies = number("policies", value, 1, 200_000);
            } else if (arg.startsWith("--changes=")) {
                changes = number("changes", value, 2, 100_000);
            } else if (arg.startsWith("--report=") && !value.isEmpty()) {
                report = Path.of(value);
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new ScaleOptions(hosts, runs, policies, changes, report);
    }

    private static int number(String option, String value, int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + ": '" + value + "' is not a number");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException("--" + option + ": " + number + " is outside " + min + ".." + max);
        }
        return number;
    }
}
