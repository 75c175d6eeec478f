package io.appnet.compiler.pipeline;

import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.InstanceId;
import io.appnet.compiler.model.PolicyId;

/**
 * What a group of flows on a datapath exists for. The compiler recomputes flows per owner: a change
 * names the owners it touches, and only their flows are compared.
 */
public sealed interface Owner {

    /** The fixed stages of the pipeline on a host (drops, conntrack, ARP responder, staging). */
    record Infrastructure() implements Owner {
    }

    /** Accepting tunnelled packets from a peer host and routing its subnet to it. */
    record Peer(HostId peer) implements Owner {
    }

    /** Port security, routing and delivery of a local instance. */
    record Instance(InstanceId instance) implements Owner {
    }

    /** An app-to-app policy whose destination app runs on the host. */
    record Policy(PolicyId policy) implements Owner {
    }

    /** A group policy whose destination group has an app running on the host. */
    record GroupPolicy(PolicyId policy) implements Owner {
    }
}
