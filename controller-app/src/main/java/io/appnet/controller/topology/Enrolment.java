package io.appnet.controller.topology;

import io.appnet.controller.security.PeerIdentity;
import io.appnet.ovs.ovsdb.OvsdbSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who may join and how much: only a peer whose TLS certificate names the host id it claims (a plaintext
 * southbound, which an operator must turn on explicitly, trusts every peer), checked before anything is leased
 * or changed; no new host past the host cap; no instance past the per-host cap. Pure.
 */
final class Enrolment {
    private Enrolment() {
    }

    /** Why the session may not act as {@code claimedHostId}, or empty if it may. */
    static Optional<String> refusal(OvsdbSession session, String claimedHostId) {
        return PeerIdentity.refusal(session.peerCertificate(), claimedHostId)
                .map(reason -> "claims host id " + claimedHostId + " but " + reason);
    }

    /** Why a host without a lease may not be leased one, or empty if it may. */
    static Optional<String> hostCapRefusal(String hostId, Set<String> leased, int maxHosts) {
        if (leased.contains(hostId) || leased.size() < maxHosts) {
            return Optional.empty();
        }
        return Optional.of("host " + hostId + " not leased a subnet: the cap of " + maxHosts
                + " hosts (max.hosts) is reached");
    }

    /**
     * The reading with at most {@code max} instances: those already accepted first, then by interface name; the
     * others are rejected with the cap as their reason.
     */
    static HostReading capInstances(HostReading reading, Set<String> accepted, int max) {
        if (reading.instances().size() <= max) {
            return reading;
        }
        List<String> order = new ArrayList<>(reading.instances().keySet());
        order.sort(Comparator.comparing((String name) -> !accepted.contains(name)).thenComparing(name -> name));
        Map<String, InstanceSpec> kept = new TreeMap<>();
        Map<String, String> rejected = new TreeMap<>(reading.rejected());
        for (String name : order) {
            if (kept.size() < max) {
                kept.put(name, reading.instances().get(name));
            } else {
                rejected.put(name, "over the cap of " + max + " instances per host (max.instances.per.host)");
            }
        }
        return new HostReading(reading.datapathId(), reading.tunnelPort(), new TreeMap<>(kept), new TreeMap<>(rejected),
                reading.pending());
    }
}
