package io.appnet.controller.switches;

import io.appnet.openflow.connection.OfConnection;
import java.util.Map;
import java.util.Optional;

/** The switches connected to this controller, by datapath id. */
public interface SwitchService {
    /** The current connection of a switch, if it is connected. */
    Optional<OfConnection> connection(long datapathId);

    /** Every connected switch, by datapath id. */
    Map<Long, OfConnection> connections();

    /** Registers a listener; it is told {@code switchUp} at once for every switch already connected. */
    void addListener(SwitchListener listener);

    void removeListener(SwitchListener listener);
}
