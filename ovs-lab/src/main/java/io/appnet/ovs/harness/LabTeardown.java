package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a lab by name and pid, whether a test closed it or a killed run left it: processes first (so
 * namespaces really go), then root-namespace links (deleting a veth end takes its peer with it at once),
 * then namespaces, the management subnet reservation and the lab directory.
 */
final class LabTeardown {

    private static final Logger LOG = LoggerFactory.getLogger(LabTeardown.class);

    private LabTeardown() {
    }

    static void remove(LabNames names) {
        LabResources before = LabResources.find(names);
        ProcessTable.killAndWait(before.processes());
        Namespaces.ipBatchIgnoringErrors(Optional.empty(), before.links().stream().map(link -> "link del " + link).toList());
        Namespaces.ipBatchIgnoringErrors(Optional.empty(),
                before.namespaces().stream().map(namespace -> "netns del " + namespace).toList());
        ManagementSubnets.release(names.runRoot(), names.labId());
        deleteRecursively(names.labDir());
        LabResources after = LabResources.find(names);
        if (!after.isEmpty()) {
            throw new CommandFailedException("lab " + names.labId() + " left behind " + after);
        }
    }

    /** Removes labs whose owning JVM is gone (killed runs); labs made by scripts/lab.sh are left alone. */
    static void sweepAbandoned(Path runRoot) {
        if (!Files.isDirectory(runRoot)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(runRoot)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String labId = dir.getFileName().toString();
                if (LabNames.LAB_ID.matcher(labId).matches() && LabOwner.state(dir) == LabOwner.State.PROCESS_GONE) {
                    LOG.warn("removing lab {} left by a run that ended without closing it ({})", labId, LabOwner.describe(dir));
                    try {
                        remove(new LabNames(labId, runRoot));
                    } catch (RuntimeException e) {
                        // Another lab's debris must not stop this one; its own next start will try again.
                        LOG.warn("could not remove all of abandoned lab {}: {}", labId, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
