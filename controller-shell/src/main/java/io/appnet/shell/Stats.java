package io.appnet.shell;

import io.appnet.compiler.pipeline.DropReason;
import io.appnet.controller.core.Controller;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.stats.CounterCollector;
import io.appnet.controller.stats.Counters;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:stats}: packets and bytes per policy and per drop reason, summed over every connected switch. */
@Service
@Command(scope = "appnet", name = "stats", description = "Packets and bytes per policy and per drop reason, from"
        + " every switch's flow counters")
public class Stats extends PrintingAction {
    private static final long TIMEOUT_MILLIS = 5000;

    @Reference
    Controller controller;

    @Override
    String run() {
        CounterCollector.Collected collected = CounterCollector.collect(
                controller.switches().connections().values(), TIMEOUT_MILLIS);
        Counters counters = collected.counters();
        List<List<Object>> policies = new ArrayList<>();
        for (PolicyRecord policy : controller.policies().list(PolicyFilter.all())) {
            Counters.Count count = counters.policy(policy.id());
            policies.add(List.of(policy.id().value(), policy.spec().toString(), count.packets(), count.bytes()));
        }
        List<List<Object>> drops = new ArrayList<>();
        for (DropReason reason : DropReason.values()) {
            Counters.Count count = counters.drops(reason);
            drops.add(List.of(reason.name().toLowerCase(java.util.Locale.ROOT), count.packets(), count.bytes(),
                    reason.description()));
        }
        return Tables.render(List.of("Policy", "Allows", "Packets", "Bytes"), policies) + "\n"
                + Tables.render(List.of("Drop reason", "Packets", "Bytes", "Meaning"), drops)
                + "\nfrom " + (collected.switchesAsked() - collected.missing().size()) + " of "
                + collected.switchesAsked() + " switches" + (collected.missing().isEmpty() ? ""
                        : "; no answer from " + String.join(", ", collected.missing()));
    }
}
