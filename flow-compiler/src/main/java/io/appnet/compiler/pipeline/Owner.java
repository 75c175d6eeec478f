package io.appnet.compiler.pipeline;

import io.appnet.compiler.model.AppId;
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

    /** An egress policy: on hosts running a source app, and on the gateways that carry its destination. */
    record EgressPolicy(PolicyId policy) implements Owner {
    }

    /** A source host's choice of gateway: pinned destinations and the gateways with NAT, by hash of the flow. */
    record EgressSelection() implements Owner {
    }

    /** Per-app NAT: the app's home gateway on its hosts, and its SNAT address on the gateways. */
    record EgressAddress(AppId app) implements Owner {
    }

    /** The gateway role of a host: uplink, ARP, conntrack, NAT and the state flows. */
    record Gateway() implements Owner {
    }
}
