package io.appnet.controller.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The scale benchmark's curves as one SVG: single-change p50 and p99 (ms) and controller heap per host (KiB)
 * against the number of hosts, log scale on x, each series on its own linear y axis panel.
 */
final class ScalePlot {
    private static final int WIDTH = 360;
    private static final int HEIGHT = 240;
    private static final int MARGIN = 48;

    private ScalePlot() {
    }

    static String svg(List<ScaleBenchmark.Result> medians) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">%n", 2 * WIDTH, HEIGHT));
        panel(svg, 0, "single change, ms (p50 blue, p99 red)", medians,
                List.of(ScaleBenchmark.Result::p50, ScaleBenchmark.Result::p99));
        panel(svg, WIDTH, "controller heap per host, KiB", medians, List.of(ScaleBenchmark.Result::heapPerHostKb));
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, int left, String title, List<ScaleBenchmark.Result> points,
                              List<ToDoubleFunction<ScaleBenchmark.Result>> series) {
        double maxY = points.stream().flatMapToDouble(p -> series.stream().mapToDouble(s -> s.applyAsDouble(p)))
                .max().orElse(1) * 1.1;
        double minX = Math.log10(points.stream().mapToInt(ScaleBenchmark.Result::hosts).min().orElse(1));
        double maxX = Math.log10(points.stream().mapToInt(ScaleBenchmark.Result::hosts).max().orElse(10));
        double spanX = Math.max(1e-9, maxX - minX);
        int x0 = left + MARGIN;
        int y0 = HEIGHT - MARGIN;
        int w = WIDTH - 2 * MARGIN;
        int h = HEIGHT - 2 * MARGIN;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\">%s</text>%n", x0, title));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                x0, y0, x0 + w, y0));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                x0, y0, x0, y0 - h));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.1f</text>%n",
                x0 - 4, y0 - h + 4, maxY));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">hosts</text>%n",
                x0 + w / 2, HEIGHT - 8));
        String[] colours = {"blue", "red"};
        for (int s = 0; s < series.size(); s++) {
            StringBuilder line = new StringBuilder();
            for (ScaleBenchmark.Result point : points) {
                double x = x0 + (Math.log10(point.hosts()) - minX) / spanX * w;
                double y = y0 - series.get(s).applyAsDouble(point) / maxY * h;
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y,
                        colours[s]));
                if (s == 0) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                            x, y0 + 14, point.hosts()));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\"/>%n",
                    line.toString().strip(), colours[s]));
        }
    }
}
