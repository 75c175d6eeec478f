package io.appnet.controller.switches;

import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.connection.OfServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;

/**
 * The OpenFlow side of the controller: listens for switches with the given address, port and keepalive (and
 * TLS, unless {@code tls} is empty), and offers the connected switches as a {@link SwitchService}.
 */
public final class SwitchManager implements SwitchService, AutoCloseable {
    private final SwitchRegistry registry = new SwitchRegistry();
    private final OfServer server;

    public SwitchManager(InetSocketAddress address, OfConnectionConfig connectionConfig,
                         Optional<Supplier<SSLEngine>> tls) throws InterruptedException {
        server = OfServer.start(address, connectionConfig, registry, tls);
    }

    /** With {@code admission} deciding on each accepted connection by its peer's address (see {@link OfServer}). */
    public SwitchManager(InetSocketAddress address, OfConnectionConfig connectionConfig,
                         Optional<Supplier<SSLEngine>> tls, Function<InetAddress, Optional<Runnable>> admission)
            throws InterruptedException {
        server = OfServer.start(address, connectionConfig, registry, tls, admission);
    }

    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    @Override
    public Optional<OfConnection> connection(long datapathId) {
        return registry.connection(datapathId);
    }

    @Override
    public Map<Long, OfConnection> connections() {
        return registry.connections();
    }

    @Override
    public void addListener(SwitchListener listener) {
        registry.addListener(listener);
    }

    @Override
    public void removeListener(SwitchListener listener) {
        registry.removeListener(listener);
    }

    @Override
    public void close() {
        server.close();
    }
}
