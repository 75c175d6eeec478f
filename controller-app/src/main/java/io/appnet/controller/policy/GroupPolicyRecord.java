package io.appnet.controller.policy;

import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;

/**
 * "Every app of group {@code sourceGroup} may reach every app of group {@code destinationId}" (destination type
 * {@code group}) or "... may reach app {@code destinationId}" (type {@code app}) on protocol/ports: space networking,
 * compiled as one conjunctive match; {@code id} is null until the policy is created.
 */
public record GroupPolicyRecord(PolicyId id, String sourceGroup, String destinationType, String destinationId,
                                Protocol protocol, PortRange ports) {
    public static final String GROUP = "group";
    public static final String APP = "app";

    public GroupPolicyRecord {
        if (!destinationType.equals(GROUP) && !destinationType.equals(APP)) {
            throw new PolicyException("destination type must be group or app, not '" + destinationType + "'");
        }
    }

    /**
     * The policy a request names, its parts checked as an app-to-app policy's (same order and messages); a null or
     * empty {@code destinationType} is a group.
     */
    public static GroupPolicyRecord parse(String source, String destinationType, String destination, String protocol,
                                          Integer start, Integer end) {
        PolicySpec spec = PolicySpec.parse(source, destination, protocol, start, end, true);
        return new GroupPolicyRecord(null, spec.sourceGuid(), destinationType == null || destinationType.isEmpty()
                ? GROUP : destinationType, spec.destinationGuid(), spec.protocol(), spec.ports());
    }

    GroupPolicyRecord withId(PolicyId assigned) {
        return new GroupPolicyRecord(assigned, sourceGroup, destinationType, destinationId, protocol, ports);
    }

    /** The group the compiler's policy names: the destination group, or the app's own one-member group. */
    String compiledDestination() {
        return destinationType.equals(APP) ? AppGroups.of(destinationId) : destinationId;
    }

    @Override
    public String toString() {
        return "group " + sourceGroup + " -> " + destinationType + " " + destinationId + " " + protocol
                + (protocol.hasPorts() ? " " + ports : "");
    }
}
