package io.appnet.ovs.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A tcpdump capture running on a host's underlay interface, read back with tshark's dissectors. */
public final class Capture implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final BackgroundProcess tcpdump;
    private final Path file;

    private Capture(BackgroundProcess tcpdump, Path file) {
        this.tcpdump = tcpdump;
        this.file = file;
    }

    /** Starts tcpdump and returns once it is capturing. */
    static Capture start(String namespace, String interfaceName, String filter, Path file, Path backgroundDir) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                "tcpdump", "-i", interfaceName, "-n", "-U", "--immediate-mode", "-Z", "root", "-w", file.toString()));
        if (!filter.isBlank()) {
            command.addAll(Arrays.asList(filter.trim().split("\\s+")));
        }
        BackgroundProcess tcpdump = BackgroundProcess.start("tcpdump", command, Map.of(), backgroundDir);
        try {
            tcpdump.awaitOutput("listening on", READY_TIMEOUT);
        } catch (RuntimeException e) {
            tcpdump.stop();
            throw e;
        }
        return new Capture(tcpdump, file);
    }

    public Path file() {
        return file;
    }

    public long pid() {
        return tcpdump.pid();
    }

    /** Stops capturing; tcpdump flushes the file on SIGTERM. */
    public void stop() {
        tcpdump.stop();
    }

    /**
     * Stops the capture and returns, for each packet matching the tshark display filter, the values of the
     * given fields (e.g. {@code fields("vxlan", "vxlan.vni", "ip.dst")}); an absent field is an empty string.
     */
    public List<List<String>> fields(String displayFilter, String... fieldNames) {
        stop();
        List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n", "-Y", displayFilter,
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String field : fieldNames) {
            command.add("-e");
            command.add(field);
        }
        String out = Commands.check(command);
        return out.lines().filter(line -> !line.isEmpty())
                .map(line -> List.of(line.split("\t", -1)))
                .toList();
    }

    /** The VNI of every VXLAN packet captured, in order (for inner and outer headers of one packet, the outer). */
    public List<Long> vxlanVnis() {
        return fields("vxlan", "vxlan.vni").stream()
                .map(row -> Long.parseLong(row.get(0).split(",")[0]))
                .toList();
    }

    @Override
    public void close() {
        stop();
    }
}
