package io.appnet.shell;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.Network;
import io.appnet.controller.core.Controller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code appnet:app-list}: every app with its app ID (the VNI it sends with) and its instances. */
@Service
@Command(scope = "appnet", name = "app-list", description = "List apps: GUID, app ID and instances")
public class AppList extends PrintingAction {

    @Reference
    Controller controller;

    @Override
    String run() {
        Network network = controller.network().network();
        Map<String, AppId> apps = new TreeMap<>();
        network.apps().forEach(apps::put);
        Map<AppId, List<String>> instances = new TreeMap<>();
        for (Instance instance : network.topology().instances().values()) {
            instances.computeIfAbsent(instance.app(), id -> new ArrayList<>())
                    .add(instance.id() + " " + instance.ip());
        }
        List<List<Object>> rows = new ArrayList<>();
        apps.forEach((guid, id) -> {
            List<String> running = instances.getOrDefault(id, List.of());
            rows.add(List.of(guid, id.value(), running.size(), String.join(", ", running.stream().sorted().toList())));
        });
        return Tables.render(List.of("App GUID", "App ID", "Instances", "Where"), rows);
    }
}
