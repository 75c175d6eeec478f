package io.appnet.controller.status;

import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.stats.Counters;
import java.util.List;

/**
 * Packets and bytes per policy and per drop reason, summed over the switches that answered in time, with the
 * policies they are counted for (oldest first), how many switches were asked and which did not answer.
 */
public record CounterReport(List<PolicyRecord> policies, Counters counters, int switchesAsked,
                            List<String> unanswered) {

    public CounterReport {
        policies = List.copyOf(policies);
        unanswered = List.copyOf(unanswered);
    }
}
