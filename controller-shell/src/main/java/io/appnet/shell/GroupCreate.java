package io.appnet.shell;

import io.appnet.controller.policy.GroupRecord;
import io.appnet.controller.policy.GroupService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code appnet:group-create space-1 dev web api}: creates a group (a Cloud Foundry space) or replaces its name and
 * members; egress policies of type space and group policies name it by id.
 */
@Service
@Command(scope = "appnet", name = "group-create", description = "Create a group (space) or replace its name and"
        + " members")
public class GroupCreate extends PrintingAction {

    @Reference
    GroupService groups;

    @Argument(index = 0, name = "id", required = true, description = "The group's id (e.g. the space GUID)")
    String id;

    @Argument(index = 1, name = "name", required = true, description = "A name no other group has")
    String name;

    @Argument(index = 2, name = "members", multiValued = true, description = "Member app GUIDs")
    @Completion(AppCompleter.class)
    List<String> members;

    @Override
    String run() throws Exception {
        GroupRecord group = new GroupRecord(id, name, members == null ? List.of() : members);
        groups.put(List.of(group)).programmed().get(10, TimeUnit.SECONDS);
        return "group " + id + " (" + name + "): " + group.members().size() + " members "
                + String.join(",", group.members());
    }
}
