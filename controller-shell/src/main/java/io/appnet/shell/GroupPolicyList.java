package io.appnet.shell;

import io.appnet.controller.policy.GroupPolicyRecord;
import io.appnet.controller.policy.GroupService;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:group-policy-list}: group -> group and group -> app policies, oldest first. */
@Service
@Command(scope = "appnet", name = "group-policy-list", description = "List group (space) policies")
public class GroupPolicyList extends PrintingAction {

    @Reference
    GroupService groups;

    @Override
    String run() {
        List<List<Object>> rows = new ArrayList<>();
        for (GroupPolicyRecord policy : groups.groupPolicies()) {
            rows.add(List.of(policy.id().value(), policy.sourceGroup(), policy.destinationType() + " "
                    + policy.destinationId(), policy.protocol(), policy.protocol().hasPorts() ? policy.ports() : "-"));
        }
        return Tables.render(List.of("ID", "Source group", "Destination", "Protocol", "Ports"), rows);
    }
}
