package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What of a lab exists on the machine right now: namespaces and root-namespace links named with the lab's
 * prefix, and processes running in those namespaces or recorded in pid files under the lab directory
 * (counted only while their command line names the lab, so a reused pid is never taken for ours).
 */
public record LabResources(List<String> namespaces, List<String> links, List<Long> processes) {

    public LabResources {
        namespaces = List.copyOf(namespaces);
        links = List.copyOf(links);
        processes = List.copyOf(processes);
    }

    public static LabResources find(String labId) {
        return find(labId, LabSpec.DEFAULT_RUN_ROOT);
    }

    public static LabResources find(String labId, Path runRoot) {
        return find(new LabNames(labId, runRoot));
    }

    static LabResources find(LabNames names) {
        List<String> namespaces = Namespaces.named(names.prefix());
        Set<Long> inodes = namespaces.stream().map(Namespaces::inode).flatMap(Optional::stream)
                .collect(Collectors.toSet());
        // Pid files first: a background command leaves the pid files' view (its command line loses the lab's
        // names when "ip netns exec" execs the command) only by entering a namespace, which is scanned after.
        Set<Long> pids = new LinkedHashSet<>(pidFileProcesses(names));
        pids.addAll(ProcessTable.inNetworkNamespaces(inodes));
        return new LabResources(namespaces, Namespaces.rootLinks(names.prefix()), List.copyOf(pids));
    }

    public boolean isEmpty() {
        return namespaces.isEmpty() && links.isEmpty() && processes.isEmpty();
    }

    /**
     * Processes from pid files that are still ours: their command line names the lab directory or a lab
     * namespace (a background command is "ip netns exec an-ID-..." until it has entered the namespace), or is
     * the tail of the command the pid file recorded (what "ip netns exec" became); a reused pid matches none.
     */
    private static List<Long> pidFileProcesses(LabNames names) {
        Path labDir = names.labDir();
        if (!Files.isDirectory(labDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(labDir, 2)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .flatMap(file -> firstLinePid(file).filter(ProcessTable::isRunning)
                            .filter(pid -> ProcessTable.commandLine(pid)
                                    .map(line -> line.contains(labDir + "/") || line.contains(" " + names.prefix())
                                            || !line.isBlank() && recordedCommand(file).endsWith(line))
                                    .orElse(false)).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The second line of a pid file: the command it was started with. */
    private static String recordedCommand(Path pidFile) {
        try {
            return Files.readString(pidFile).lines().skip(1).findFirst().orElse("").strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<Long> firstLinePid(Path pidFile) {
        try {
            String first = Files.readString(pidFile).lines().findFirst().orElse("").strip();
            return first.matches("\\d+") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
