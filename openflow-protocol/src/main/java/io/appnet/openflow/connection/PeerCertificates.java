package io.appnet.openflow.connection;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The certificate a channel's peer presented, read from the channel's {@link SslHandler}. */
public final class PeerCertificates {
    private PeerCertificates() {
    }

    /**
     * The peer's own (leaf) certificate once the TLS handshake has finished; empty on a plaintext channel or
     * before the handshake.
     */
    public static Optional<X509Certificate> of(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException notYet) {
            return Optional.empty();
        }
    }
}
