package io.appnet.controller.status;

import io.appnet.controller.egress.EgressPolicyRecord;
import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.stats.Counters;
import java.util.List;

/**
 * Packets and bytes per policy (app-to-app, group and egress policies share one ID space) and per drop reason,
 * summed over the switches that answered in time, with the app-to-app and egress policies they are counted for
 * (oldest first), how many switches were asked and which did not answer.
 */
public record CounterReport(List<PolicyRecord> policies, List<EgressPolicyRecord> egressPolicies, Counters counters,
                            int switchesAsked, List<String> unanswered) {

    public CounterReport {
        policies = List.copyOf(policies);
        egressPolicies = List.copyOf(egressPolicies);
        unanswered = List.copyOf(unanswered);
    }
}
