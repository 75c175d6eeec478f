package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Named network namespaces and root-namespace links, driven through iproute2 (batched where it saves forks). */
final class Namespaces {

    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final Path SYS_NET = Path.of("/sys/class/net");

    private Namespaces() {
    }

    /** Named namespaces whose names start with {@code prefix}. */
    static List<String> named(String prefix) {
        return list(NETNS_DIR, prefix);
    }

    /** Links in the root namespace whose names start with {@code prefix}. */
    static List<String> rootLinks(String prefix) {
        return list(SYS_NET, prefix);
    }

    static Optional<Long> inode(String namespace) {
        try {
            return Optional.of(((Number) Files.getAttribute(NETNS_DIR.resolve(namespace), "unix:ino")).longValue());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs iproute2 commands (lines as after "ip ") in one process, in the root or a named namespace. */
    static void ipBatch(Optional<String> namespace, List<String> lines) {
        batch(namespace, lines, false).stdoutOrThrow();
    }

    /** Like {@link #ipBatch} but goes on past failing lines, for removing what may be only half there. */
    static CommandResult ipBatchIgnoringErrors(Optional<String> namespace, List<String> lines) {
        return batch(namespace, lines, true);
    }

    private static CommandResult batch(Optional<String> namespace, List<String> lines, boolean force) {
        if (lines.isEmpty()) {
            return new CommandResult(List.of("ip", "-batch"), 0, "", "");
        }
        List<String> command = new ArrayList<>(List.of("ip"));
        namespace.ifPresent(name -> command.addAll(List.of("-n", name)));
        if (force) {
            command.add("-force");
        }
        command.addAll(List.of("-batch", "-"));
        return Commands.run(command, Map.of(), String.join("\n", lines) + "\n", Commands.DEFAULT_TIMEOUT);
    }

    /** The argv that runs {@code command} inside a named namespace. */
    static List<String> commandIn(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    private static List<String> list(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
