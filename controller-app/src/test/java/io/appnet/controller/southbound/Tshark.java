package io.appnet.controller.southbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** tshark over a capture file, with one TCP port decoded as OpenFlow: what the session capture tests read. */
public record Tshark(Path pcap, int openflowPort) {
    private static final long TIMEOUT_SECONDS = 30;

    /** tshark's stdout for these arguments; fails with its stderr if it fails or outlasts 30 s. */
    public String run(String... args) {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(),
                "-d", "tcp.port==" + openflowPort + ",openflow"));
        command.addAll(List.of(args));
        try {
            // Both outputs to files, so that the wait below is the only one and has its timeout.
            Path out = Files.createTempFile(pcap.getParent(), "tshark-", ".out");
            Path errors = Files.createTempFile(pcap.getParent(), "tshark-", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(errors.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("tshark failed: " + String.join(" ", command) + ": "
                            + Files.readString(errors).strip());
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every value of {@code field} in the frames matching {@code filter}, as tshark prints them. */
    public Set<String> values(String field, String filter) {
        Set<String> values = new TreeSet<>();
        for (String line : run("-Y", filter, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=;",
                "-e", field).lines().toList()) {
            if (!line.isBlank()) {
                values.addAll(Arrays.asList(line.split(";")));
            }
        }
        return values;
    }
}
