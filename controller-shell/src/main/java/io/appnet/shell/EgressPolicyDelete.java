package io.appnet.shell;

import io.appnet.controller.egress.EgressService;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:egress-policy-delete 7}: deletes an egress policy; its established connections are cut. */
@Service
@Command(scope = "appnet", name = "egress-policy-delete", description = "Delete an egress policy by ID")
public class EgressPolicyDelete extends PrintingAction {

    @Reference
    EgressService egress;

    @Argument(index = 0, name = "id", required = true, description = "The policy's ID (egress-policy-list)")
    String id;

    @Override
    String run() throws Exception {
        var deleted = egress.deleteEgressPolicy(id);
        deleted.programmed().get(10, TimeUnit.SECONDS);
        return "deleted: egress policy " + id + ": " + deleted.value();
    }
}
