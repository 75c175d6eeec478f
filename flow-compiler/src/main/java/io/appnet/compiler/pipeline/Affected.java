package io.appnet.compiler.pipeline;

import io.appnet.compiler.model.HostId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a change touches: datapaths to compile whole (added, removed or reconfigured hosts) and, on the
 * others, the owners whose flows to recompute.
 */
public final class Affected {

    private final Set<HostId> whole = new HashSet<>();
    private final Map<HostId, Set<Owner>> owners = new HashMap<>();

    public Affected wholeDatapath(HostId datapath) {
        whole.add(datapath);
        return this;
    }

    public Affected owner(HostId datapath, Owner owner) {
        owners.computeIfAbsent(datapath, d -> new HashSet<>()).add(owner);
        return this;
    }

    /** Adds what {@code other} touches: a batch touches what any of its changes touches. */
    public Affected addAll(Affected other) {
        whole.addAll(other.whole);
        other.owners.forEach((datapath, owners) -> owners.forEach(owner -> owner(datapath, owner)));
        return this;
    }

    public Set<HostId> wholeDatapaths() {
        return whole;
    }

    /** Owners to recompute per datapath, leaving out datapaths compiled whole. */
    public Map<HostId, Set<Owner>> owners() {
        Map<HostId, Set<Owner>> partial = new HashMap<>(owners);
        partial.keySet().removeAll(whole);
        return partial;
    }
}
