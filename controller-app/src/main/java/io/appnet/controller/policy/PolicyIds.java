package io.appnet.controller.policy;

import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PolicyId;

/**
 * Numbers policies of every kind (app-to-app, group, egress) from one space, so that an ID names one policy, one
 * cookie and one counter. Shared by the services that create policies; an ID is not reused while the controller
 * runs, even when the change that took it was refused.
 */
public final class PolicyIds {
    private long last; // guarded by this

    /** Starts after the highest ID of any kind the network holds. */
    public PolicyIds(Network network) {
        for (PolicyId id : network.policies().policies().keys()) {
            last = Math.max(last, id.value());
        }
        for (PolicyId id : network.policies().groupPolicies().keys()) {
            last = Math.max(last, id.value());
        }
        for (PolicyId id : network.egress().policies().keys()) {
            last = Math.max(last, id.value());
        }
    }

    /** {@code count} consecutive fresh IDs; the first is returned. */
    public synchronized long take(int count) {
        long first = last + 1;
        last += count;
        return first;
    }
}
