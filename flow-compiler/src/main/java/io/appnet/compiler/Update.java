package io.appnet.compiler;

import io.appnet.compiler.model.HostId;
import java.util.Map;

/**
 * The result of compiling one change incrementally: the new compiled state, and flow-mods for exactly
 * the datapaths whose flows changed (others are absent).
 */
public record Update(CompiledNetwork compiled, Map<HostId, DatapathDelta> deltas) {

    public Update {
        deltas = Map.copyOf(deltas);
    }

    public int flowModCount() {
        return deltas.values().stream().mapToInt(delta -> delta.mods().size()).sum();
    }
}
