package io.appnet.shell;

import io.appnet.compiler.pipeline.DropReason;
import io.appnet.controller.egress.EgressPolicyRecord;
import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.stats.Counters;
import io.appnet.controller.status.CounterReport;
import io.appnet.controller.status.StatusService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code appnet:stats}: packets and bytes per policy (app-to-app and egress) and per drop reason, summed over every
 * connected switch.
 */
@Service
@Command(scope = "appnet", name = "stats", description = "Packets and bytes per policy and per drop reason, from"
        + " every switch's flow counters")
public class Stats extends PrintingAction {
    private static final Duration SWITCH_WAIT = Duration.ofSeconds(5);

    @Reference
    StatusService status;

    @Override
    String run() {
        CounterReport report = status.counters(SWITCH_WAIT);
        Counters counters = report.counters();
        List<List<Object>> policies = new ArrayList<>();
        for (PolicyRecord policy : report.policies()) {
            Counters.Count count = counters.policy(policy.id());
            policies.add(List.of(policy.id().value(), policy.spec().toString(), count.packets(), count.bytes()));
        }
        for (EgressPolicyRecord policy : report.egressPolicies()) {
            Counters.Count count = counters.policy(policy.id());
            policies.add(List.of(policy.id().value(), "egress: " + policy, count.packets(), count.bytes()));
        }
        List<List<Object>> drops = new ArrayList<>();
        for (DropReason reason : DropReason.values()) {
            Counters.Count count = counters.drops(reason);
            drops.add(List.of(reason.name().toLowerCase(Locale.ROOT), count.packets(), count.bytes(),
                    reason.description()));
        }
        return Tables.render(List.of("Policy", "Allows", "Packets", "Bytes"), policies) + "\n"
                + Tables.render(List.of("Drop reason", "Packets", "Bytes", "Meaning"), drops)
                + "\nfrom " + (report.switchesAsked() - report.unanswered().size()) + " of "
                + report.switchesAsked() + " switches" + (report.unanswered().isEmpty() ? ""
                        : "; no answer from " + String.join(", ", report.unanswered()));
    }
}
