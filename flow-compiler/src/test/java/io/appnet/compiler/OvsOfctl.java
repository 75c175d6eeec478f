package io.appnet.compiler;

import io.appnet.compiler.flow.FlowEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code ovs-ofctl -O OpenFlow13 parse-flows} (no switch or root needed) on flows and
 * turns what it prints back into dump-flows lines: OVS's own canonical text of each flow.
 */
final class OvsOfctl {

    private static final Pattern FLOW_MOD = Pattern.compile(
            "^OFPT_FLOW_MOD \\(OF1\\.3\\) \\(xid=0x[0-9a-f]+\\): ADD (?:table:(\\d+) )?(.*?) ?(?:cookie:(0x[0-9a-f]+) )?actions=(.*)$");

    private OvsOfctl() {
    }

    /** OVS's rendering of each flow, in order; fails with OVS's message if it rejects one. */
    static List<String> canonical(Collection<FlowEntry> flows) throws IOException, InterruptedException {
        Path file = Files.createTempFile("appnet-flows", ".txt");
        try {
            List<String> lines = flows.stream().map(FlowEntry::toString).toList();
            Files.write(file, lines, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("ovs-ofctl", "-O", "OpenFlow13", "parse-flows", file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError("ovs-ofctl rejected the flows: " + output);
            }
            List<String> canonical = new ArrayList<>();
            for (String line : output.split("\n")) {
                if (line.startsWith("OFPT_FLOW_MOD")) {
                    canonical.add(dumpLine(line));
                }
            }
            if (canonical.size() != lines.size()) {
                throw new AssertionError("ovs-ofctl printed " + canonical.size() + " flows for " + lines.size()
                        + ":\n" + output);
            }
            return canonical;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String dumpLine(String flowMod) {
        Matcher matcher = FLOW_MOD.matcher(flowMod);
        if (!matcher.matches()) {
            throw new AssertionError("unexpected ovs-ofctl output: " + flowMod);
        }
        StringBuilder line = new StringBuilder();
        if (matcher.group(3) != null) {
            line.append("cookie=").append(matcher.group(3)).append(", ");
        }
        if (matcher.group(1) != null) {
            line.append("table=").append(matcher.group(1)).append(", ");
        }
        if (!matcher.group(2).isEmpty()) {
            line.append(matcher.group(2)).append(' ');
        }
        return line.append("actions=").append(matcher.group(4)).toString();
    }
}
