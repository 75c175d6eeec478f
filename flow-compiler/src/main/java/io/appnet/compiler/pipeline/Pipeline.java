package io.appnet.compiler.pipeline;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A profile: how one kind of datapath (an OVS host; later the egress gateway and hardware firewalls)
 * turns the network into flows, split by {@link Owner} so that changes can be compiled incrementally.
 * Implementations are pure functions of their arguments.
 */
public interface Pipeline {

    /** The datapaths of this profile in the network. */
    Set<HostId> datapaths(Network network);

    /** Every owner that may have flows on the datapath. */
    Collection<Owner> owners(Network network, HostId datapath);

    /** The owner's flows on the datapath; empty if it has none there. */
    List<FlowEntry> flows(Owner owner, Network network, HostId datapath);

    /** The owners whose flows may differ between {@code before} and {@code after} = before + change. */
    Affected affected(Change change, Network before, Network after);
}
