package io.appnet.controller.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The timed installs of every run, printed as a table with medians and the controller/ovs-ofctl ratio. */
final class InstallReport {
    private final List<String> controllerInstallers;
    private final String referenceInstaller;
    private final Map<String, List<Measurement>> byInstaller = new LinkedHashMap<>();
    private final List<List<Measurement>> runs = new ArrayList<>();

    InstallReport(List<String> controllerInstallers, String referenceInstaller) {
        this.controllerInstallers = List.copyOf(controllerInstallers);
        this.referenceInstaller = referenceInstaller;
        for (String installer : installers()) {
            byInstaller.put(installer, new ArrayList<>());
        }
    }

    void addRun(List<Measurement> run) {
        runs.add(List.copyOf(run));
        for (Measurement m : run) {
            byInstaller.get(m.installer()).add(m);
        }
    }

    /** Median wall time of the controller's faster way over that of ovs-ofctl: the target is at most 1.0. */
    double ratio() {
        return bestControllerMedianMillis() / medianMillis(referenceInstaller, Measurement::wallNanos);
    }

    void print(PrintStream out, int flows) {
        out.printf("%n%-5s", "run");
        for (String installer : installers()) {
            out.printf(" %22s", installer + " ms");
        }
        out.printf(" %12s%n", "best/ofctl");
        for (int i = 0; i < runs.size(); i++) {
            out.printf("%-5d", i + 1);
            for (String installer : installers()) {
                out.printf(" %22s", cell(byInstaller.get(installer).get(i)));
            }
            out.printf(" %12.2f%n", bestOf(runs.get(i)) / find(runs.get(i), referenceInstaller).wallMillis());
        }
        out.printf("%-5s", "med.");
        for (String installer : installers()) {
            out.printf(" %22s", String.format("%.0f (%.0f/%.0f)", medianMillis(installer, Measurement::wallNanos),
                    medianMillis(installer, Measurement::switchCpuNanos),
                    medianMillis(installer, Measurement::controllerCpuNanos)));
        }
        out.printf(" %12.2f%n", ratio());
        out.printf("%nmedians for %,d flows:", flows);
        for (String installer : installers()) {
            double millis = medianMillis(installer, Measurement::wallNanos);
            out.printf(" %s %.0f ms (%,.0f flows/s);", installer, millis, flows / (millis / 1000));
        }
        out.printf("%nratio controller (faster way, median) / ovs-ofctl (median) = %.2f (target <= 1.0: %s)%n",
                ratio(), ratio() <= 1.0 ? "met" : "NOT met");
    }

    private List<String> installers() {
        List<String> all = new ArrayList<>(controllerInstallers);
        all.add(referenceInstaller);
        return all;
    }

    private double bestControllerMedianMillis() {
        return controllerInstallers.stream().mapToDouble(i -> medianMillis(i, Measurement::wallNanos)).min()
                .orElseThrow();
    }

    private double bestOf(List<Measurement> run) {
        return controllerInstallers.stream().mapToDouble(i -> find(run, i).wallMillis()).min().orElseThrow();
    }

    private double medianMillis(String installer, ToLongFunction<Measurement> value) {
        long[] values = byInstaller.get(installer).stream().mapToLong(value).sorted().toArray();
        int n = values.length;
        double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
        return median / 1e6;
    }

    private static Measurement find(List<Measurement> run, String installer) {
        return run.stream().filter(m -> m.installer().equals(installer)).findFirst().orElseThrow();
    }

    /** Wall time, and in parentheses the CPU of ovs-vswitchd / of the controller JVM meanwhile. */
    static String cell(Measurement m) {
        return String.format("%.0f (%.0f/%.0f)", m.wallMillis(), m.switchCpuNanos() / 1e6,
                m.controllerCpuNanos() / 1e6);
    }
}
