package io.appnet.controller.karaf;

import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.core.Controller;
import io.appnet.controller.core.ControllerConfig;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.store.H2Store;
import io.appnet.controller.switches.SwitchService;
import io.appnet.controller.topology.TopologyService;
import io.appnet.openflow.connection.OfConnectionConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller in Karaf: opens the embedded store and starts the {@link Controller} with the configuration
 * of {@code etc/io.appnet.controller.cfg}; a changed configuration restarts it (Declarative Services
 * re-activates the component; switches keep their flows meanwhile). Publishes the controller, its policy
 * service, topology and switches as OSGi services for the shell and REST front ends. A bad configuration
 * fails activation with one ERROR line and leaves nothing listening.
 */
@Component(configurationPid = "io.appnet.controller", immediate = true, service = {})
@Designate(ocd = ControllerComponentConfig.class)
public final class ControllerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerComponent.class);

    private final H2Store store;
    private final Controller controller;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public ControllerComponent(ControllerComponentConfig config, BundleContext context) throws InterruptedException {
        ControllerConfig settings;
        try {
            settings = settings(config);
        } catch (RuntimeException invalid) {
            LOG.error("etc/io.appnet.controller.cfg is invalid, the controller is not started: {}",
                    invalid.getMessage());
            throw invalid;
        }
        Path directory = storeDirectory(config);
        store = H2Store.open(directory);
        try {
            controller = Controller.start(settings, store);
        } catch (InterruptedException | RuntimeException e) {
            store.close();
            LOG.error("the controller could not start: {}", e.getMessage());
            throw e;
        }
        LOG.info("appnet controller running; store in {}", directory);
        registrations.add(context.registerService(Controller.class, controller, null));
        registrations.add(context.registerService(PolicyService.class, controller.policies(), null));
        registrations.add(context.registerService(TopologyService.class, controller.topology(), null));
        registrations.add(context.registerService(SwitchService.class, controller.switches(), null));
    }

    /** The controller's settings from the configuration; throws {@link IllegalArgumentException} if invalid. */
    static ControllerConfig settings(ControllerComponentConfig config) {
        checkPort("openflow.port", config.openflow_port());
        checkPort("ovsdb.port", config.ovsdb_port());
        checkPositive("echo.interval.seconds", config.echo_interval_seconds());
        checkPositive("echo.timeout.seconds", config.echo_timeout_seconds());
        if (config.settle_timeout_seconds() < 0 || config.audit_interval_seconds() < 0) {
            throw new IllegalArgumentException("settle.timeout.seconds and audit.interval.seconds must not be "
                    + "negative");
        }
        ControllerConfig settings;
        try {
            settings = ControllerConfig.defaults()
                    .listeningOn(config.openflow_address(), config.openflow_port(), config.ovsdb_port())
                    .withOverlay(config.overlay_cidr(), config.overlay_prefix_length());
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException("overlay.cidr '" + config.overlay_cidr() + "': " + invalid.getMessage(),
                    invalid);
        }
        checkNatPool(config.nat_pool());
        if (config.overlay_prefix_length() < settings.overlay().length() || config.overlay_prefix_length() > 30) {
            throw new IllegalArgumentException("overlay.prefix.length " + config.overlay_prefix_length()
                    + " must be between the overlay's " + settings.overlay().length() + " and 30");
        }
        return settings
                .withOvsdb(settings.ovsdb().withBindAddress(config.ovsdb_address(), config.ovsdb_port())
                        .withEchoInterval(Duration.ofSeconds(config.echo_interval_seconds())))
                .withOpenflow(OfConnectionConfig.defaults().withEcho(Duration.ofSeconds(config.echo_interval_seconds()),
                        Duration.ofSeconds(config.echo_timeout_seconds())))
                .withSettleTimeout(Duration.ofSeconds(config.settle_timeout_seconds()))
                .withAuditInterval(Duration.ofSeconds(config.audit_interval_seconds()));
    }

    /** The egress gateway's NAT pool is not used yet, but a typo in it should not wait for the gateway. */
    private static void checkNatPool(String pool) {
        for (String entry : pool.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                Ipv4Prefix.parse(trimmed.contains("/") ? trimmed : trimmed + "/32");
            } catch (RuntimeException invalid) {
                throw new IllegalArgumentException("nat.pool entry '" + trimmed + "' is not an IPv4 address or CIDR");
            }
        }
    }

    private static Path storeDirectory(ControllerComponentConfig config) {
        if (!config.store_directory().isBlank()) {
            return Path.of(config.store_directory());
        }
        String data = System.getProperty("karaf.data");
        if (data == null) {
            throw new IllegalStateException("store.directory is not set and there is no karaf.data directory");
        }
        return Path.of(data, "appnet");
    }

    private static void checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " " + port + " is not a TCP port (0-65535)");
        }
    }

    private static void checkPositive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
    }

    @Deactivate
    void stop() {
        registrations.forEach(ServiceRegistration::unregister);
        try {
            controller.close();
        } finally {
            store.close();
        }
        LOG.info("appnet controller stopped");
    }
}
