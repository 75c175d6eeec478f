package io.appnet.shell;

import io.appnet.controller.policy.GroupRecord;
import io.appnet.controller.policy.GroupService;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:group-list}: groups (Cloud Foundry spaces) with their names and member apps. */
@Service
@Command(scope = "appnet", name = "group-list", description = "List groups (spaces) and their member apps")
public class GroupList extends PrintingAction {

    @Reference
    GroupService groups;

    @Override
    String run() {
        List<List<Object>> rows = new ArrayList<>();
        for (GroupRecord group : groups.groups()) {
            rows.add(List.of(group.id(), group.name(), String.join(",", group.members())));
        }
        return Tables.render(List.of("ID", "Name", "Members"), rows);
    }
}
