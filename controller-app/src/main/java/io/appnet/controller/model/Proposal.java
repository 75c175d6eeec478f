package io.appnet.controller.model;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Network;
import io.appnet.controller.store.StoreWrite;
import java.util.List;
import java.util.function.Function;

/**
 * What one request asks of the network model, decided on the network as it stands when the request's turn comes:
 * the changes, and the rows to commit with them, which may depend on the network the changes lead to (a
 * destination's pseudo app ID).
 */
public record Proposal(List<Change> changes, Function<Network, StoreWrite> rows) {

    public Proposal {
        changes = List.copyOf(changes);
    }

    public static Proposal of(List<? extends Change> changes, StoreWrite write) {
        return new Proposal(List.copyOf(changes), network -> write);
    }

    /** Nothing to change and nothing to store. */
    public static Proposal nothing() {
        return of(List.of(), StoreWrite.none());
    }
}
