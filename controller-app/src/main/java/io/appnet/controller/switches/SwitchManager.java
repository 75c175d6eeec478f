package io.appnet.controller.switches;

import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.openflow.connection.OfServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The OpenFlow side of the controller as an OSGi component: listens for switches with the configured address,
 * port and keepalive, and offers the connected switches as a {@link SwitchService}. A configuration change
 * restarts the listener (Declarative Services re-activates the component).
 */
@Component(service = SwitchService.class, configurationPid = "io.appnet.openflow", immediate = true)
@Designate(ocd = SwitchManagerConfig.class)
public final class SwitchManager implements SwitchService, AutoCloseable {
    private final SwitchRegistry registry = new SwitchRegistry();
    private final OfServer server;

    @Activate
    public SwitchManager(SwitchManagerConfig config) throws InterruptedException {
        this(new InetSocketAddress(config.listen_address(), config.listen_port()),
                OfConnectionConfig.defaults().withEcho(Duration.ofSeconds(config.echo_interval_seconds()),
                        Duration.ofSeconds(config.echo_timeout_seconds())));
    }

    public SwitchManager(InetSocketAddress address, OfConnectionConfig connectionConfig) throws InterruptedException {
        server = OfServer.start(address, connectionConfig, registry);
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

    @Deactivate
    @Override
    public void close() {
        server.close();
    }
}
