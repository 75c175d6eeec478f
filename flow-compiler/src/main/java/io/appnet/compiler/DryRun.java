package io.appnet.compiler;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import java.util.SortedMap;
import java.util.TreeMap;

/** What a proposed change would do, per host, without applying it. */
public record DryRun(Change change, SortedMap<HostId, DatapathDelta> deltas) {

    public DryRun {
        deltas = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(deltas));
    }

    /** One block per affected host: counts, totals before and after, and every flow-mod. */
    public String render() {
        StringBuilder text = new StringBuilder("dry run of ").append(change).append('\n');
        if (deltas.isEmpty()) {
            text.append("no flow changes on any host\n");
        }
        deltas.values().forEach(delta -> text.append(delta.render()));
        return text.toString();
    }
}
