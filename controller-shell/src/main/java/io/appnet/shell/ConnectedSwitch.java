package io.appnet.shell;

import io.appnet.compiler.model.HostId;
import io.appnet.controller.core.Controller;
import io.appnet.controller.programmer.SwitchSync;

/** The switch of a host, for verbs that need it bound and connected; refused with a clear message otherwise. */
final class ConnectedSwitch {

    private ConnectedSwitch() {
    }

    static SwitchSync of(Controller controller, String host) {
        SwitchSync sync = controller.programmer().sync(HostId.of(host))
                .orElseThrow(() -> new IllegalArgumentException("no switch is bound to host " + host));
        if (sync.connection().isEmpty()) {
            throw new IllegalStateException("the switch of host " + host + " is not connected");
        }
        return sync;
    }
}
