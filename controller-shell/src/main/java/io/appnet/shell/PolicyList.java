package io.appnet.shell;

import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.policy.PolicyService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:policy-list [--app G] [--source G] [--destination G]}: the policies, filtered as the REST API's. */
@Service
@Command(scope = "appnet", name = "policy-list", description = "List policies")
public class PolicyList extends PrintingAction {

    @Reference
    PolicyService policies;

    @Option(name = "--app", description = "Only policies with this app as source or destination (wins over the others)")
    @Completion(AppCompleter.class)
    String app;

    @Option(name = "--source", description = "Only policies from this app")
    @Completion(AppCompleter.class)
    String source;

    @Option(name = "--destination", description = "Only policies to this app")
    @Completion(AppCompleter.class)
    String destination;

    @Override
    String run() {
        PolicyFilter filter = new PolicyFilter(set(app), set(source), set(destination));
        List<List<Object>> rows = new ArrayList<>();
        for (PolicyRecord policy : policies.list(filter)) {
            rows.add(List.of(policy.id().value(), policy.spec().sourceGuid(), policy.spec().destinationGuid(),
                    policy.spec().protocol(), policy.spec().protocol().hasPorts() ? policy.spec().ports() : "-"));
        }
        return Tables.render(List.of("ID", "Source", "Destination", "Protocol", "Ports"), rows);
    }

    private static Set<String> set(String value) {
        return value == null ? Set.of() : Set.of(value);
    }
}
