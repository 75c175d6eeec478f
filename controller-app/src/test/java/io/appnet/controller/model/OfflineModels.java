package io.appnet.controller.model;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Network;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.programmer.NoSwitches;
import io.appnet.controller.store.ControllerStore;
import java.time.Duration;

/** Network models with no switch connected, for tests of what the services above the model do. */
public final class OfflineModels {

    private OfflineModels() {
    }

    public static NetworkModel of(Network network, ControllerStore store) {
        return new NetworkModel(FlowCompiler.ovsHosts(), network, SubnetPool.defaults(), store,
                new NetworkProgrammer(new NoSwitches(), Duration.ZERO, false));
    }

    public static NetworkModel empty(ControllerStore store) {
        return of(Network.empty(), store);
    }
}
