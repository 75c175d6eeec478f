package io.appnet.openflow.match;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the installed {@code ovs-ofctl} as an oracle: offline commands only, no switch, no root. */
final class OvsOfctl {
    private OvsOfctl() {
    }

    /** {@code ovs-ofctl ofp-print HEX}: how OVS decodes one OpenFlow message. */
    static String ofpPrint(String hex) {
        return run(null, "ofp-print", hex).strip();
    }

    /**
     * {@code ovs-ofctl -m parse-oxm OpenFlow13}: for each line of OXM text ({@code OXM_OF_IN_PORT(00000001),
     * ...}) OVS parses, decodes and re-encodes the match; returns per line the hex of OVS's {@code ofp_match}.
     */
    static List<String> parseOxm(List<String> lines) {
        String out = run(String.join("\n", lines) + "\n", "-m", "parse-oxm", "OpenFlow13");
        List<String> result = new ArrayList<>();
        StringBuilder hex = null;
        for (String line : out.split("\n")) {
            if (line.matches("^[0-9a-f]{8}  .*")) {
                // "00000010  08 00 80 00 ...-..." : offset, then up to 16 bytes
                hex.append(line.substring(10, Math.min(line.length(), 10 + 48)).replaceAll("[ -]", ""));
            } else {
                if (hex != null) {
                    result.add(hex.toString());
                }
                if (line.startsWith("nx_pull_match() returned error")) {
                    throw new AssertionError("ovs-ofctl rejected an OXM line: " + line);
                }
                hex = new StringBuilder();
            }
        }
        if (hex != null) {
            result.add(hex.toString());
        }
        return result;
    }

    private static String run(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-ofctl", "-vconsole:off", "-vsyslog:off"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ovs-ofctl timed out: " + command);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("ovs-ofctl failed (" + p.exitValue() + "): " + command + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run ovs-ofctl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
