package io.appnet.ovs.harness;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What to build: a lab id (1-6 of [a-z0-9], unique among labs running at once on the machine), the host
 * names (1-8 of [a-z0-9]; default h1..hN), where hosts dial a controller (none by default), and the run
 * directory root under which each lab keeps its files ({@code /tmp/appnet-lab} by default).
 */
public record LabSpec(String id, List<String> hostNames, Optional<ControllerEndpoint> controller, Path runRoot) {

    public static final Path DEFAULT_RUN_ROOT = LabNames.DEFAULT_RUN_ROOT;

    public LabSpec {
        if (id == null || !LabNames.LAB_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("lab id '" + id + "' must be 1-6 characters of [a-z0-9]");
        }
        hostNames = List.copyOf(hostNames);
        if (hostNames.isEmpty() || hostNames.size() > LabNames.MAX_HOSTS) {
            throw new IllegalArgumentException("a lab has 1.." + LabNames.MAX_HOSTS + " hosts, not " + hostNames.size());
        }
        for (String host : hostNames) {
            if (!LabNames.HOST_NAME.matcher(host).matches() || host.equals(LabNames.RESERVED_HOST_NAME)) {
                throw new IllegalArgumentException("host name '" + host + "' must be 1-8 characters of [a-z0-9], not '"
                        + LabNames.RESERVED_HOST_NAME + "'");
            }
        }
        if (new HashSet<>(hostNames).size() != hostNames.size()) {
            throw new IllegalArgumentException("host names repeat: " + hostNames);
        }
        if (!runRoot.isAbsolute()) {
            throw new IllegalArgumentException("run root '" + runRoot + "' must be an absolute path");
        }
    }

    /** A lab of hosts h1..hN with no controller. */
    public static LabSpec of(String id, int hostCount) {
        if (hostCount < 1 || hostCount > LabNames.MAX_HOSTS) {
            throw new IllegalArgumentException("a lab has 1.." + LabNames.MAX_HOSTS + " hosts, not " + hostCount);
        }
        List<String> names = IntStream.rangeClosed(1, hostCount).mapToObj(index -> "h" + index).toList();
        return new LabSpec(id, names, Optional.empty(), DEFAULT_RUN_ROOT);
    }

    public LabSpec withHostNames(String... names) {
        return new LabSpec(id, List.of(names), controller, runRoot);
    }

    public LabSpec withController(ControllerEndpoint endpoint) {
        return new LabSpec(id, hostNames, Optional.of(endpoint), runRoot);
    }

    public LabSpec withRunRoot(Path root) {
        return new LabSpec(id, hostNames, controller, root);
    }
}
