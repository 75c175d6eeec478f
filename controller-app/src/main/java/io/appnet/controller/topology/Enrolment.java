package io.appnet.controller.topology;

import io.appnet.controller.security.PeerIdentity;
import io.appnet.ovs.ovsdb.OvsdbSession;
import java.util.Optional;

/**
 * Who may claim a host id over OVSDB: only a peer whose TLS certificate names that host (a plaintext southbound,
 * which an operator must turn on explicitly, trusts every peer). Checked before anything is leased or changed.
 */
final class Enrolment {
    private Enrolment() {
    }

    /** Why the session may not act as {@code claimedHostId}, or empty if it may. */
    static Optional<String> refusal(OvsdbSession session, String claimedHostId) {
        return PeerIdentity.refusal(session.peerCertificate(), claimedHostId)
                .map(reason -> "claims host id " + claimedHostId + " but " + reason);
    }
}
