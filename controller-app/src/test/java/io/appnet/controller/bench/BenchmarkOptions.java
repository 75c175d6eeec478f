package io.appnet.controller.bench;

/** Command-line options of {@link InstallBenchmark}: {@code --runs=N --flows=N}. */
record BenchmarkOptions(int runs, int flows) {
    static final String USAGE = "usage: InstallBenchmark [--runs=N (1..100, default 5)] "
            + "[--flows=N (1000..1000000, default 100000)]";

    BenchmarkOptions {
        if (runs < 1 || runs > 100) {
            throw new IllegalArgumentException("runs must be 1..100, not " + runs);
        }
        if (flows < 1_000 || flows > 1_000_000) {
            throw new IllegalArgumentException("flows must be 1000..1000000, not " + flows);
        }
    }

    static BenchmarkOptions parse(String... args) {
        int runs = 5;
        int flows = 100_000;
        for (String arg : args) {
            if (arg.startsWith("--runs=")) {
                runs = number(arg);
            } else if (arg.startsWith("--flows=")) {
                flows = number(arg);
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new BenchmarkOptions(runs, flows);
    }

    private static int number(String arg) {
        String value = arg.substring(arg.indexOf('=') + 1);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in '" + arg + "'");
        }
    }
}
