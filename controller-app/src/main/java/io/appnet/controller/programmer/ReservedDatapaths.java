package io.appnet.controller.programmer;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datapath IDs that are not hosts' bridges: each registered firewall's, by the firewall's name. Shared by the
 * firewall registrations (which reserve) and {@link NetworkProgrammer#bind} (which refuses a reserved one), without
 * a lock either holds: a registration reserves before it looks for a bound host, a bind binds before it looks for a
 * reservation, so of the two racing for one datapath ID at least one sees the other. Thread-safe.
 */
public class ReservedDatapaths { // not final: a test steps in between a bind's two maps through holder()
    private final Map<Long, String> holders = new ConcurrentHashMap<>();

    /** Reserves {@code datapathId} for {@code holder}; the current holder, if another one holds it already. */
    public Optional<String> reserve(long datapathId, String holder) {
        String current = holders.putIfAbsent(datapathId, holder);
        return current == null || current.equals(holder) ? Optional.empty() : Optional.of(current);
    }

    /** Releases {@code datapathId} if {@code holder} holds it. */
    public void release(long datapathId, String holder) {
        holders.remove(datapathId, holder);
    }

    /** Who holds {@code datapathId}, if anyone. */
    public Optional<String> holder(long datapathId) {
        return Optional.ofNullable(holders.get(datapathId));
    }
}
