package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds and kills processes through /proc. A killed process counts as gone once it is a zombie: on these
 * machines PID 1 reaps orphans only every few seconds, and a zombie holds no namespace, socket or file.
 */
final class ProcessTable {

    private static final Path PROC = Path.of("/proc");
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private ProcessTable() {
    }

    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.US_ASCII);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** The command line of a running process, arguments joined by spaces, or empty if it is gone. */
    static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(pid + "/cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Processes whose network namespace is one of the given namespace inodes. */
    static List<Long> inNetworkNamespaces(Set<Long> namespaceInodes) {
        List<Long> pids = new ArrayList<>();
        if (namespaceInodes.isEmpty()) {
            return pids;
        }
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> networkNamespaceInode(PROC.resolve(name))
                            .filter(namespaceInodes::contains)
                            .ifPresent(inode -> pids.add(Long.parseLong(name))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    private static Optional<Long> networkNamespaceInode(Path processDir) {
        try {
            String link = Files.readSymbolicLink(processDir.resolve("ns/net")).toString(); // net:[4026532281]
            return Optional.of(Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']'))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Sends SIGKILL to every pid and waits until none is running; throws if one survives. */
    static void killAndWait(Collection<Long> pids) {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (!waitUntilGone(pids, KILL_WAIT)) {
            throw new CommandFailedException("processes still running after SIGKILL: "
                    + pids.stream().filter(ProcessTable::isRunning).toList());
        }
    }

    /** Sends SIGTERM (so tcpdump flushes its file), then SIGKILL to whatever is left after the grace time. */
    static void terminateAndWait(long pid, Duration grace) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (!waitUntilGone(List.of(pid), grace)) {
            killAndWait(List.of(pid));
        }
    }

    private static boolean waitUntilGone(Collection<Long> pids, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (pids.stream().anyMatch(ProcessTable::isRunning)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Sleep.millis(10);
        }
        return true;
    }
}
