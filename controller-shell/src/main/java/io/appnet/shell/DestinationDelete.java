package io.appnet.shell;

import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.EgressException;
import io.appnet.controller.egress.EgressService;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:destination-delete db}: deletes a destination (by name or id) that no egress policy uses. */
@Service
@Command(scope = "appnet", name = "destination-delete", description = "Delete an egress destination no egress"
        + " policy uses")
public class DestinationDelete extends PrintingAction {

    @Reference
    EgressService egress;

    @Argument(index = 0, name = "destination", required = true, description = "The destination's name or id")
    String destination;

    @Override
    String run() throws Exception {
        DestinationRecord found = egress.find(destination)
                .orElseThrow(() -> new EgressException("unknown destination '" + destination + "'"));
        var deleted = egress.deleteDestination(found.id());
        deleted.programmed().get(10, TimeUnit.SECONDS);
        return "deleted: destination " + found.destination().name() + " id " + found.id();
    }
}
