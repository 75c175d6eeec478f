package io.appnet.ovs.ovsdb;

import java.util.List;
import java.util.function.Predicate;

/**
 * What an idempotent operation will do, decided from the session's current snapshot: the transaction to send
 * (none when the host already is as asked) and how to recognise, in a later snapshot, that it took effect.
 */
record Plan(Outcome outcome, List<Operation> operations, Predicate<HostSnapshot> applied) {

    Plan {
        operations = List.copyOf(operations);
        if ((outcome == Outcome.UNCHANGED) != operations.isEmpty()) {
            throw new IllegalArgumentException("a plan sends a transaction exactly when it changes something");
        }
    }

    static Plan unchanged() {
        return new Plan(Outcome.UNCHANGED, List.of(), snapshot -> true);
    }
}
