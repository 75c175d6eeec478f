package io.appnet.controller.bench;

import io.appnet.ovs.harness.LabHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The host's side of a controller restart, from Open vSwitch's own logs: when ovs-vswitchd (module rconn, the
 * OpenFlow session of br-int) and ovsdb-server (module reconnect, the manager session) tried to reach the
 * controller again, which attempts were refused and when they connected. Both back off 1, 2, 4, 8 s between
 * refused attempts (max_backoff 8 s by default), so this shows whether a restart waited for the controller or
 * for the host's next attempt.
 */
final class ControllerReconnectLog {
    // 2026-11-28T08:36:17.123Z|00050|rconn|INFO|br-int<->tcp:172.31.1.1:40123: connecting...
    private static final Pattern LINE = Pattern.compile("^(\\S+Z)\\|\\d+\\|(rconn|reconnect)\\|\\w+\\|(.*)$");

    private ControllerReconnectLog() {
    }

    /** The OpenFlow attempts of br-int since {@code since}, in ms from it: {@code +1002 refused, +3004 connected}. */
    static String openflow(LabHost host, Instant since) {
        return attempts(host.runDir().resolve("ovs-vswitchd.log"), "rconn", "br-int<->", since);
    }

    /** The OVSDB manager's attempts since {@code since}, in ms from it. */
    static String ovsdb(LabHost host, Instant since) {
        return attempts(host.runDir().resolve("ovsdb-server.log"), "reconnect", "ssl:", since);
    }

    /** Per host, when its OVSDB manager session connected again, in ms from {@code since}: {@code h1 +994}. */
    static String ovsdbConnected(List<LabHost> hosts, Instant since) {
        List<String> connected = new ArrayList<>();
        for (LabHost host : hosts) {
            double millis = firstOvsdbConnected(host, since);
            connected.add(host.name() + (Double.isNaN(millis) ? " (not connected)" : String.format(" +%.0f", millis)));
        }
        return String.join(", ", connected);
    }

    /** When the last host had its OVSDB manager session up again, in ms from {@code since}; NaN if one has not. */
    static double lastOvsdbConnected(List<LabHost> hosts, Instant since) {
        double last = 0;
        for (LabHost host : hosts) {
            last = Math.max(last, firstOvsdbConnected(host, since));
        }
        return last;
    }

    private static double firstOvsdbConnected(LabHost host, Instant since) {
        return events(host.runDir().resolve("ovsdb-server.log"), "reconnect", "ssl:", since).stream()
                .filter(event -> event.endsWith(" connected")).findFirst()
                .map(event -> Double.parseDouble(event.substring(1, event.indexOf(' ')))).orElse(Double.NaN);
    }

    private static String attempts(Path log, String module, String target, Instant since) {
        List<String> events = events(log, module, target, since);
        return events.isEmpty() ? "(nothing logged)" : String.join(", ", events);
    }

    /** The connects and refusals of one module and target logged since {@code since}: {@code +1002 refused}. */
    static List<String> events(Path log, String module, String target, Instant since) {
        List<String> events = new ArrayList<>();
        try (Stream<String> lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher entry = LINE.matcher(line);
                if (!entry.matches() || !entry.group(2).equals(module) || !entry.group(3).startsWith(target)) {
                    continue;
                }
                Instant at = Instant.parse(entry.group(1));
                String event = event(entry.group(3));
                if (!at.isBefore(since) && event != null) {
                    events.add("+" + Duration.between(since, at).toMillis() + " " + event);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    private static String event(String message) {
        if (message.endsWith(": connected")) {
            return "connected";
        }
        if (message.contains("connection failed") || message.contains("connection attempt failed")) {
            return "refused";
        }
        return null;
    }
}
