package io.appnet.controller.egress;

import io.appnet.compiler.model.PolicyId;

/** An egress policy as the controller holds it: its ID (shared with app-to-app policies, its cookie and counter). */
public record EgressPolicyRecord(PolicyId id, EgressPolicySpec spec) {

    @Override
    public String toString() {
        return spec.sourceType() + " " + spec.sourceId() + " -> destination " + spec.destinationId();
    }
}
