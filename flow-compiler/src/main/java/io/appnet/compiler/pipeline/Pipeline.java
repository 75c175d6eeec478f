package io.appnet.compiler.pipeline;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A profile: how one kind of datapath (an OVS host; later the egress gateway and hardware firewalls)
 * turns the network into flows, split by {@link Owner} so that changes can be compiled incrementally.
 * Implementations are pure functions of their arguments.
 */
public interface Pipeline {

    /** The datapaths of this profile in the network. */
    Set<HostId> datapaths(Network network);

    /**
     * Flows of one network. A compilation may reuse flows that are the same on many datapaths (a policy's
     * flows are the same on every host of its destination app), so it lives for one compile; thread-safe.
     */
    Compilation compilation(Network network);

    /** The owners whose flows may differ between {@code before} and {@code after} = before + change. */
    Affected affected(Change change, Network before, Network after);

    /** The flows of one network, by datapath and owner. */
    interface Compilation {

        /** Every owner that may have flows on the datapath. */
        Collection<Owner> owners(HostId datapath);

        /** The owner's flows on the datapath; empty if it has none there. */
        List<FlowEntry> flows(Owner owner, HostId datapath);

        /**
         * Every owner's flows on the datapath (candidates; equal keys are merged by the compiler): the
         * same as {@link #flows} over {@link #owners}, which is what a full compile needs, faster.
         */
        default List<FlowEntry> flowsOn(HostId datapath) {
            List<FlowEntry> flows = new ArrayList<>();
            flowsOn(datapath, flows::add);
            return flows;
        }

        /** {@link #flowsOn(HostId)} handed to {@code sink} one by one, without a list (the full compile's way). */
        void flowsOn(HostId datapath, Consumer<FlowEntry> sink);
    }
}
