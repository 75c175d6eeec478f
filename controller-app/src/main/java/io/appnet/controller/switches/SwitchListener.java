package io.appnet.controller.switches;

import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.PortStatus;

/**
 * Switch life-cycle events. For one datapath id, calls are ordered: up, port status..., down, up again. Called
 * on the switch's I/O thread: return quickly.
 */
public interface SwitchListener {
    void switchUp(OfConnection connection);

    void switchDown(long datapathId, String reason);

    default void portStatus(long datapathId, PortStatus status) {
    }
}
