package io.appnet.shell;

import io.appnet.controller.status.AppView;
import io.appnet.controller.status.StatusService;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:app-list}: every app with its app ID (the VNI it sends with) and its instances. */
@Service
@Command(scope = "appnet", name = "app-list", description = "List apps: GUID, app ID and instances")
public class AppList extends PrintingAction {

    @Reference
    StatusService status;

    @Override
    String run() {
        List<List<Object>> rows = new ArrayList<>();
        for (AppView app : status.apps()) {
            List<String> running = app.instances().stream().map(instance -> instance.id() + " " + instance.ip())
                    .sorted().toList();
            rows.add(List.of(app.guid(), app.appId(), running.size(), String.join(", ", running)));
        }
        return Tables.render(List.of("App GUID", "App ID", "Instances", "Where"), rows);
    }
}
