package io.appnet.compiler;

import io.appnet.compiler.model.HostId;
import java.util.HashMap;
import java.util.Map;

/**
 * The result of compiling one change incrementally: the new compiled state, and flow-mods for exactly
 * the datapaths whose flows changed (others are absent).
 */
public record Update(CompiledNetwork compiled, Map<HostId, DatapathDelta> deltas) {

    public Update {
        deltas = Map.copyOf(deltas);
    }

    /**
     * This update followed by {@code later}, which was compiled from this one's result: {@code later}'s compiled
     * state, and for each datapath either touched, its deltas in turn ({@link DatapathDelta#then}). Sending it is
     * sending both, one flow-mod list a datapath instead of two.
     */
    public Update then(Update later) {
        Map<HostId, DatapathDelta> both = new HashMap<>(deltas);
        later.deltas.forEach((datapath, delta) -> both.merge(datapath, delta, DatapathDelta::then));
        return new Update(later.compiled, both);
    }

    public int flowModCount() {
        return deltas.values().stream().mapToInt(delta -> delta.mods().size()).sum();
    }
}
