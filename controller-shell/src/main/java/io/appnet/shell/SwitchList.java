package io.appnet.shell;

import io.appnet.controller.status.StatusService;
import io.appnet.controller.status.SwitchView;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:switch-list}: connected switches, the host each serves and how its tables stand. */
@Service
@Command(scope = "appnet", name = "switch-list", description = "List switches: datapath, address, host, sync state,"
        + " last reconcile")
public class SwitchList extends PrintingAction {

    @Reference
    StatusService status;

    @Override
    String run() {
        List<List<Object>> rows = new ArrayList<>();
        for (SwitchView view : status.switches()) {
            rows.add(List.of(String.format("%016x", view.datapathId()), view.address(), view.host().orElse("-"),
                    view.state().map(Object::toString).orElse("not bound"), view.lastReconcile().orElse("-"),
                    view.lastError().orElse("")));
        }
        return Tables.render(List.of("Datapath", "Address", "Host", "State", "Last reconcile", "Last error"), rows);
    }
}
