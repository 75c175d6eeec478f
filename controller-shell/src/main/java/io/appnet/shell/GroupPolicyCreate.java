package io.appnet.shell;

import io.appnet.controller.policy.GroupPolicyRecord;
import io.appnet.controller.policy.GroupService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code appnet:group-policy-create space-1 space-2 tcp 8080}: every app of a group may reach every app of another
 * group (or, with --app, one app); protocol and ports as {@code policy-add}.
 */
@Service
@Command(scope = "appnet", name = "group-policy-create", description = "Allow every app of a group (space) to reach"
        + " a group's apps or one app")
public class GroupPolicyCreate extends PrintingAction {

    @Reference
    GroupService groups;

    @Argument(index = 0, name = "source", required = true, description = "Source group id")
    String source;

    @Argument(index = 1, name = "destination", required = true, description = "Destination group id (app GUID with"
            + " --app)")
    String destination;

    @Argument(index = 2, name = "protocol", required = true, description = "tcp, udp, icmp or all")
    String protocol;

    @Argument(index = 3, name = "ports", description = "For tcp and udp: a port (8080) or a range (8000-8080)")
    String ports;

    @Option(name = "--app", description = "The destination is an app, not a group")
    boolean app;

    @Override
    String run() throws Exception {
        Integer[] range = PolicyVerb.ports(ports);
        GroupPolicyRecord policy = GroupPolicyRecord.parse(source, app ? GroupPolicyRecord.APP
                : GroupPolicyRecord.GROUP, destination, protocol, range[0], range[1]);
        var created = groups.create(List.of(policy));
        created.programmed().get(10, TimeUnit.SECONDS);
        return "created: group policy " + created.value().get(0).id().value() + ": " + created.value().get(0);
    }
}
