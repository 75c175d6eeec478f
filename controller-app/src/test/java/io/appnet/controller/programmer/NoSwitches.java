package io.appnet.controller.programmer;

import io.appnet.controller.switches.SwitchListener;
import io.appnet.controller.switches.SwitchService;
import io.appnet.openflow.connection.OfConnection;
import java.util.Map;
import java.util.Optional;

/** A switch service with no switch connected, for tests of what the model and store do. */
public final class NoSwitches implements SwitchService {

    @Override
    public Optional<OfConnection> connection(long datapathId) {
        return Optional.empty();
    }

    @Override
    public Map<Long, OfConnection> connections() {
        return Map.of();
    }

    @Override
    public void addListener(SwitchListener listener) {
    }

    @Override
    public void removeListener(SwitchListener listener) {
    }
}
