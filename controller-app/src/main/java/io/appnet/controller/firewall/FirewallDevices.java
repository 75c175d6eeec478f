package io.appnet.controller.firewall;

import io.appnet.compiler.firewall.Capabilities;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the controller last learned from each firewall device, by datapath ID: the tables it reported
 * (OFPMP_TABLE_FEATURES, read on every connect) and how its last deploy went. Written by the firewall switches,
 * read by REST, the shell and the export. Thread-safe.
 */
public final class FirewallDevices {

    /** A device's state: connected or not, what it last reported, and the outcome of the last deploy. */
    public record State(boolean connected, Optional<Capabilities> tables, String outcome, Instant at) {
    }

    private final Map<Long, State> states = new ConcurrentHashMap<>();

    public Optional<State> state(long datapathId) {
        return Optional.ofNullable(states.get(datapathId));
    }

    public Optional<Capabilities> tables(long datapathId) {
        return state(datapathId).flatMap(State::tables);
    }

    void connected(long datapathId, Capabilities tables) {
        states.put(datapathId, new State(true, Optional.of(tables), "tables read", Instant.now()));
    }

    void outcome(long datapathId, String outcome) {
        states.compute(datapathId, (id, state) -> new State(state != null && state.connected(),
                state == null ? Optional.empty() : state.tables(), outcome, Instant.now()));
    }

    void disconnected(long datapathId, String reason) {
        states.computeIfPresent(datapathId, (id, state) -> new State(false, state.tables(),
                "disconnected: " + reason, Instant.now()));
    }
}
