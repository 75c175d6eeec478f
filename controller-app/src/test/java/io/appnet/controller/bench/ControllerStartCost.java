package io.appnet.controller.bench;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.Network;
import io.appnet.controller.Controller;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.store.ControllerStore;
import io.appnet.controller.store.StoredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's own work in a restart, step by step and without I/O to the hosts, on the model of a running
 * controller: taking the stored state (from the store's in-memory copy: reading the file is part of the measured
 * start of a real restart, not of this), restoring the model, compiling it, then each host joining as the
 * topology service makes it join (its host, then its instances, each as one update, with the app
 * registrations the network service adds). The joins run one after another on the OVSDB event thread and the
 * last one releases the reconciles, so their sum is what a restart waits for once every host has connected.
 */
final class ControllerStartCost {
    private final Map<String, Double> millis = new LinkedHashMap<>();
    private double joinsMillis;

    private ControllerStartCost() {
    }

    static ControllerStartCost measure(Controller controller, ControllerStore store) {
        ControllerStartCost cost = new ControllerStartCost();
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        Network live = controller.model().network();
        Map<AppId, String> guids = new HashMap<>();
        live.apps().forEach((guid, id) -> guids.put(id, guid));
        long started = System.nanoTime();
        StoredState state = store.load();
        started = cost.lap("stored state (the store's in-memory copy)", started);
        Network restored = NetworkModel.restore(state);
        started = cost.lap("restore model", started);
        CompiledNetwork compiled = compiler.compile(restored);
        started = cost.lap("compile restored model", started);
        for (Host host : live.topology().hosts().values()) {
            long joining = started;
            compiled = compiler.updateAll(compiled, List.of(Change.putHost(host))).compiled();
            started = cost.lap(host.id().name() + " host", started);
            List<Change> instances = new ArrayList<>();
            for (Instance instance : live.topology().instancesOn(host.id())) {
                instances.add(Change.registerApp(guids.get(instance.app())));
            }
            for (Instance instance : live.topology().instancesOn(host.id())) {
                instances.add(new Change.AddInstance(instance.id(), guids.get(instance.app()),
                        host.id(), instance.port(), instance.ip(), instance.mac()));
            }
            Update joined = compiler.updateAll(compiled, instances);
            compiled = joined.compiled();
            started = cost.lap(host.id().name() + " " + (instances.size() / 2) + " instances ("
                    + joined.flowModCount() + " flow-mods)", started);
            cost.joinsMillis += (started - joining) / 1e6;
        }
        return cost;
    }

    private long lap(String step, long since) {
        long now = System.nanoTime();
        millis.put(step, (now - since) / 1e6);
        return now;
    }

    double joinsMillis() {
        return joinsMillis;
    }

    String describe() {
        List<String> steps = new ArrayList<>();
        millis.forEach((step, ms) -> steps.add(String.format("%s %.0f", step, ms)));
        return String.join(", ", steps) + String.format(" ms; host joins together %.0f ms", joinsMillis());
    }
}
