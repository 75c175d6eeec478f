package io.appnet.controller.security;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The host id a peer's certificate names: its subject's common name (CN). {@code ovs-pki req+sign NAME} makes
 * CNs of the form {@code NAME id:<uuid>}; for those the host id is NAME. A peer without a certificate (a
 * plaintext southbound) has no identity. Pure.
 */
public final class PeerIdentity {
    private static final Pattern OVS_PKI_CN = Pattern.compile("(\\S+) id:[0-9a-fA-F-]+");

    private PeerIdentity() {
    }

    /** The host id the certificate names, if its subject has a CN. */
    public static Optional<String> hostId(X509Certificate certificate) {
        try {
            LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn rdn : subject.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    String cn = rdn.getValue().toString();
                    Matcher ovsPki = OVS_PKI_CN.matcher(cn);
                    return Optional.of(ovsPki.matches() ? ovsPki.group(1) : cn);
                }
            }
            return Optional.empty();
        } catch (InvalidNameException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Why a peer may not act as {@code hostId}, or empty if it may: a peer with a certificate only as the host
     * its certificate names; a peer without one (only possible on a plaintext southbound) as any host.
     */
    public static Optional<String> refusal(Optional<X509Certificate> certificate, String hostId) {
        if (certificate.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> named = hostId(certificate.get());
        if (named.isEmpty()) {
            return Optional.of("its certificate (" + certificate.get().getSubjectX500Principal().getName()
                    + ") names no host (no CN)");
        }
        if (!named.get().equals(hostId)) {
            return Optional.of("its certificate names host " + named.get() + ", not " + hostId);
        }
        return Optional.empty();
    }
}
