package io.appnet.shell;

import io.appnet.controller.policy.GroupService;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:group-policy-delete 7}: deletes a group policy; its established connections are cut. */
@Service
@Command(scope = "appnet", name = "group-policy-delete", description = "Delete a group (space) policy by ID")
public class GroupPolicyDelete extends PrintingAction {

    @Reference
    GroupService groups;

    @Argument(index = 0, name = "id", required = true, description = "The policy's ID (group-policy-list)")
    long id;

    @Override
    String run() throws Exception {
        var deleted = groups.deletePolicy(id);
        deleted.programmed().get(10, TimeUnit.SECONDS);
        return "deleted: group policy " + id + ": " + deleted.value();
    }
}
