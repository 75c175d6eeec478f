package io.appnet.controller.status;

import io.appnet.controller.programmer.SwitchSync;
import java.util.Optional;

/**
 * A connected switch: its datapath id and address, the host whose tables it runs, and, once bound, its sync
 * state, the summary of its last reconcile and its last error.
 */
public record SwitchView(long datapathId, String address, Optional<String> host, Optional<SwitchSync.State> state,
                         Optional<String> lastReconcile, Optional<String> lastError) {
}
