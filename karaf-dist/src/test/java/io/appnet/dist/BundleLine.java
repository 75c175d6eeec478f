package io.appnet.dist;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code bundle:list -t 0 --no-format}: tab-separated id, state, start level, version and name,
 * where the name may end in ", Hosts: 3" (a fragment and the bundles it is attached to) or
 * ", Fragments: 4, 5" (a host and its attached fragments).
 */
record BundleLine(long id, String state, String version, String name, List<Long> hosts, List<Long> fragments) {

    private static final Pattern ROW = Pattern.compile("\\s*(\\d+)\\t([^\\t]+)\\t[^\\t]*\\t([^\\t]*)\\t(.*)");
    private static final Pattern SUFFIX = Pattern.compile("^(.*?)(?:, (Hosts|Fragments): ([\\d, ]*))?$");

    /** Parses every bundle row of the command's output; other lines (the header) are skipped. */
    static List<BundleLine> parseAll(String output) {
        return output.lines().map(ROW::matcher).filter(Matcher::matches).map(BundleLine::of).toList();
    }

    private static BundleLine of(Matcher row) {
        Matcher name = SUFFIX.matcher(row.group(4).trim());
        if (!name.matches()) {
            throw new IllegalArgumentException("unexpected bundle name: " + row.group(4));
        }
        List<Long> ids = name.group(3) == null ? List.of()
                : Arrays.stream(name.group(3).split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
        boolean fragment = "Hosts".equals(name.group(2));
        return new BundleLine(Long.parseLong(row.group(1)), row.group(2).trim(), row.group(3).trim(), name.group(1),
                fragment ? ids : List.of(), fragment ? List.of() : ids);
    }

    boolean isFragment() {
        return !hosts.isEmpty();
    }

    /** A bundle is working when it is Active; a fragment when it is Resolved and attached to a host. */
    boolean isWorking() {
        return isFragment() ? state.equals("Resolved") : state.equals("Active");
    }
}
