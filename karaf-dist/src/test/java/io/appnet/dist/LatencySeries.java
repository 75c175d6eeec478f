package io.appnet.dist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations of one kind of request, in milliseconds, and their percentiles (nearest rank). */
final class LatencySeries {
    private final String name;
    private final List<Double> millis = new ArrayList<>();

    LatencySeries(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void add(long nanos) {
        millis.add(nanos / 1e6);
    }

    int size() {
        return millis.size();
    }

    /** The {@code p}th percentile (0 < p <= 100) by nearest rank. */
    double percentile(double p) {
        return percentile(millis, p);
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            throw new IllegalStateException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
