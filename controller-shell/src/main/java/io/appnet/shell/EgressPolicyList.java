package io.appnet.shell;

import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.EgressPolicyFilter;
import io.appnet.controller.egress.EgressPolicyRecord;
import io.appnet.controller.egress.EgressService;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:egress-policy-list}: egress policies, oldest first, with their destinations' names. */
@Service
@Command(scope = "appnet", name = "egress-policy-list", description = "List egress policies")
public class EgressPolicyList extends PrintingAction {

    @Reference
    EgressService egress;

    @Override
    String run() {
        List<List<Object>> rows = new ArrayList<>();
        for (EgressPolicyRecord policy : egress.egressPolicies(EgressPolicyFilter.all())) {
            String destination = egress.find(policy.spec().destinationId()).map(DestinationRecord::destination)
                    .map(found -> found.name()).orElse(policy.spec().destinationId());
            rows.add(List.of(policy.id().value(), policy.spec().sourceType(), policy.spec().sourceId(), destination,
                    policy.spec().appLifecycle()));
        }
        return Tables.render(List.of("ID", "Source type", "Source", "Destination", "App lifecycle"), rows);
    }
}
