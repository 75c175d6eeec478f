package io.appnet.controller.policy;

import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;

/**
 * "Every app of group {@code sourceGroup} may reach every app of group {@code destinationGroup} on protocol/ports"
 * (space networking), compiled as one conjunctive match; {@code id} is null until the policy is created.
 */
public record GroupPolicyRecord(PolicyId id, String sourceGroup, String destinationGroup, Protocol protocol,
                                PortRange ports) {

    /** The policy a request names, its parts checked as an app-to-app policy's (same order and messages). */
    public static GroupPolicyRecord parse(String source, String destination, String protocol, Integer start,
                                          Integer end) {
        PolicySpec spec = PolicySpec.parse(source, destination, protocol, start, end, true);
        return new GroupPolicyRecord(null, spec.sourceGuid(), spec.destinationGuid(), spec.protocol(), spec.ports());
    }

    GroupPolicyRecord withId(PolicyId assigned) {
        return new GroupPolicyRecord(assigned, sourceGroup, destinationGroup, protocol, ports);
    }

    @Override
    public String toString() {
        return "group " + sourceGroup + " -> group " + destinationGroup + " " + protocol
                + (protocol.hasPorts() ? " " + ports : "");
    }
}
