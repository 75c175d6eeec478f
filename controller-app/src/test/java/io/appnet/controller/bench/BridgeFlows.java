package io.appnet.controller.bench;

import io.appnet.ovs.harness.LabHost;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One bridge of a lab host as ovs-ofctl sees it: how many flows it holds and which. */
final class BridgeFlows {
    private static final Pattern FLOW_COUNT = Pattern.compile("flow_count=(\\d+)");
    private static final int EXAMPLES = 3;

    private final LabHost host;
    private final String bridge;

    BridgeFlows(LabHost host, String bridge) {
        this.host = host;
        this.bridge = bridge;
    }

    /** {@code flow_count} of {@code ovs-ofctl dump-aggregate}. */
    long count() {
        String reply = host.ofctl("dump-aggregate", bridge);
        Matcher matcher = FLOW_COUNT.matcher(reply);
        if (!matcher.find()) {
            throw new IllegalStateException("no flow_count in dump-aggregate reply: " + reply.strip());
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Deletes every flow and checks that none is left. */
    void clear() {
        host.ofctl("del-flows", bridge);
        long left = count();
        if (left != 0) {
            throw new IllegalStateException(bridge + " still holds " + left + " flows after del-flows");
        }
    }

    /** {@code ovs-ofctl --bundle add-flows} of a file of flows in ovs-ofctl syntax. */
    void addFlowsInBundle(Path file) {
        host.ofctl("--bundle", "add-flows", bridge, file.toString());
    }

    /**
     * Checks that the bridge holds exactly {@code expected}: the aggregate count, then every flow as {@code
     * dump-flows --no-stats} prints it.
     *
     * @throws IllegalStateException naming what {@code installer} left missing or extra
     */
    void requireExactly(Set<String> expected, String installer) {
        long count = count();
        if (count != expected.size()) {
            throw new IllegalStateException(installer + " left " + count + " flows on " + bridge + ", not "
                    + expected.size());
        }
        Set<String> actual = new HashSet<>();
        for (String line : host.ofctl("dump-flows", "--no-stats", bridge).split("\n")) {
            if (!line.isBlank()) {
                actual.add(line.strip());
            }
        }
        List<String> missing = expected.stream().filter(flow -> !actual.contains(flow)).limit(EXAMPLES).toList();
        List<String> extra = actual.stream().filter(flow -> !expected.contains(flow)).limit(EXAMPLES).toList();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalStateException(installer + " left other flows than intended on " + bridge
                    + "; missing e.g. " + missing + "; unexpected e.g. " + extra);
        }
    }
}
