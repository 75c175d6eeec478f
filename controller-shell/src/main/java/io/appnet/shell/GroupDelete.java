package io.appnet.shell;

import io.appnet.controller.policy.GroupService;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:group-delete space-1}: deletes a group no policy names. */
@Service
@Command(scope = "appnet", name = "group-delete", description = "Delete a group (space) no policy uses")
public class GroupDelete extends PrintingAction {

    @Reference
    GroupService groups;

    @Argument(index = 0, name = "id", required = true, description = "The group's id")
    String id;

    @Override
    String run() throws Exception {
        var deleted = groups.delete(id);
        deleted.programmed().get(10, TimeUnit.SECONDS);
        return "deleted: group " + id + " (" + deleted.value().name() + ")";
    }
}
