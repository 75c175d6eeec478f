package io.appnet.controller.status;

import io.appnet.controller.programmer.SwitchSync;
import io.appnet.controller.topology.HostStatus;
import java.util.Optional;

/** A host as operators see it: what the topology knows of it, and how its switch's flows stand (once bound). */
public record HostView(HostStatus host, Optional<SwitchSync.State> flows) {
}
