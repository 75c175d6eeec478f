package io.appnet.controller.karaf;

import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.NatMode;
import io.appnet.controller.Controller;
import io.appnet.controller.ControllerConfig;
import io.appnet.controller.SouthboundListeners;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.firewall.FirewallService;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.store.SqliteStore;
import io.appnet.controller.switches.SwitchService;
import io.appnet.controller.topology.TopologyService;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.security.Limits;
import io.appnet.controller.security.SouthboundTls;
import io.appnet.controller.status.StatusService;
import io.appnet.openflow.connection.OfConnectionConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
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

    private final SqliteStore store;
    private final Controller controller;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public ControllerComponent(ControllerComponentConfig config, BundleContext context) throws InterruptedException {
        ControllerConfig settings;
        SqliteStore.Sync sync;
        try {
            settings = settings(config);
            sync = storeSync(config.store_fsync());
        } catch (RuntimeException invalid) {
            LOG.error("etc/io.appnet.controller.cfg is invalid, the controller is not started: {}",
                    invalid.getMessage());
            throw invalid;
        }
        Path directory = storeDirectory(config);
        SouthboundListeners listeners;
        try { // first: a host that dials while the store opens is served once it is read (SouthboundListeners)
            listeners = SouthboundListeners.bind(settings);
        } catch (Exception e) { // also Netty's bind failure, a checked IOException thrown undeclared
            logNotStarted(settings, e);
            throw e;
        }
        try {
            store = SqliteStore.open(directory, sync);
        } catch (RuntimeException unusable) {
            listeners.close();
            LOG.error("the controller is not started: {}", unusable.getMessage()); // names the directory
            throw unusable;
        }
        try {
            controller = Controller.start(listeners, store);
        } catch (RuntimeException e) {
            store.close();
            logNotStarted(settings, e);
            throw e;
        }
        LOG.info("appnet controller running; store in {}{}", directory,
                sync == SqliteStore.Sync.POWER_LOSS ? " (fsync at every write)" : "");
        registrations.add(context.registerService(Controller.class, controller, null));
        registrations.add(context.registerService(PolicyService.class, controller.policies(), null));
        registrations.add(context.registerService(GroupService.class, controller.groups(), null));
        registrations.add(context.registerService(EgressService.class, controller.egress(), null));
        registrations.add(context.registerService(FirewallService.class, controller.firewalls(), null));
        registrations.add(context.registerService(TopologyService.class, controller.topology(), null));
        registrations.add(context.registerService(SwitchService.class, controller.switches(), null));
        registrations.add(context.registerService(StatusService.class, controller.status(), null));
        registrations.add(context.registerService(NetworkProgrammer.class, controller.programmer(), null));
    }

    /** The controller's settings from the configuration; throws {@link IllegalArgumentException} if invalid. */
    static ControllerConfig settings(ControllerComponentConfig config) {
        String openflowAddress = address("openflow.address", config.openflow_address());
        int openflowPort = port("openflow.port", number("openflow.port", config::openflow_port));
        String ovsdbAddress = address("ovsdb.address", config.ovsdb_address());
        int ovsdbPort = port("ovsdb.port", number("ovsdb.port", config::ovsdb_port));
        int echoInterval = atLeast(1, "echo.interval.seconds", number("echo.interval.seconds",
                config::echo_interval_seconds));
        int echoTimeout = atLeast(1, "echo.timeout.seconds", number("echo.timeout.seconds",
                config::echo_timeout_seconds));
        if (echoTimeout < echoInterval) {
            throw new IllegalArgumentException("echo.timeout.seconds " + echoTimeout
                    + " must not be less than echo.interval.seconds " + echoInterval);
        }
        int prefixLength = number("overlay.prefix.length", config::overlay_prefix_length);
        int settleTimeout = atLeast(0, "settle.timeout.seconds", number("settle.timeout.seconds",
                config::settle_timeout_seconds));
        int auditInterval = atLeast(0, "audit.interval.seconds", number("audit.interval.seconds",
                config::audit_interval_seconds));
        int expiryHours = atLeast(0, "expiry.hours", number("expiry.hours", config::expiry_hours));
        Limits limits = new Limits(atLeast(1, "max.hosts", number("max.hosts", config::max_hosts)),
                atLeast(1, "max.instances.per.host", number("max.instances.per.host", config::max_instances_per_host)),
                atLeast(1, "max.sessions.per.peer", number("max.sessions.per.peer", config::max_sessions_per_peer)));
        Ipv4Prefix overlay;
        try {
            overlay = Ipv4Prefix.parse(config.overlay_cidr().trim());
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException("overlay.cidr '" + config.overlay_cidr() + "': " + invalid.getMessage(),
                    invalid);
        }
        if (prefixLength < overlay.length() || prefixLength > 30) {
            throw new IllegalArgumentException("overlay.prefix.length " + prefixLength
                    + " must be between the overlay's " + overlay.length() + " and 30");
        }
        ControllerConfig settings = southbound(config, ControllerConfig.defaults())
                .listeningOn(openflowAddress, openflowPort, ovsdbPort)
                .withOverlay(overlay.toString(), prefixLength)
                .withEgress(egress(overlay, config.nat_pool(), config.nat_mode()));
        return settings
                .withOvsdb(settings.ovsdb().withBindAddress(ovsdbAddress, ovsdbPort)
                        .withEchoInterval(Duration.ofSeconds(echoInterval)))
                .withOpenflow(OfConnectionConfig.defaults().withEcho(Duration.ofSeconds(echoInterval),
                        Duration.ofSeconds(echoTimeout)))
                .withSettleTimeout(Duration.ofSeconds(settleTimeout))
                .withAuditInterval(Duration.ofSeconds(auditInterval))
                .withExpiry(Duration.ofHours(expiryHours))
                .withLimits(limits);
    }

    /**
     * TLS from the three PEM files (relative paths under Karaf's etc/), unless southbound.plaintext is exactly
     * true. A missing or unusable file is named with its key.
     */
    private static ControllerConfig southbound(ControllerComponentConfig config, ControllerConfig settings) {
        if (trueOrFalse("southbound.plaintext", config.southbound_plaintext())) {
            return settings.withPlaintext();
        }
        Path key = etcFile("southbound.tls.key", config.southbound_tls_key());
        Path certificate = etcFile("southbound.tls.certificate", config.southbound_tls_certificate());
        Path ca = etcFile("southbound.tls.ca", config.southbound_tls_ca());
        try {
            return settings.withTls(SouthboundTls.load(key, certificate, ca));
        } catch (IllegalArgumentException unusable) {
            throw new IllegalArgumentException("southbound TLS: " + unusable.getMessage(), unusable);
        }
    }

    private static Path etcFile(String key, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(key + " is empty; name a PEM file (scripts/pki.sh makes them)");
        }
        Path path = Path.of(value.trim());
        String etc = System.getProperty("karaf.etc");
        Path file = path.isAbsolute() || etc == null ? path : Path.of(etc).resolve(path);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key + ": no readable file " + file + " (scripts/pki.sh makes the "
                    + "controller's key and certificate; southbound.plaintext = true turns TLS off)");
        }
        return file;
    }

    /**
     * Reads a number. Declarative Services converts the file's text only when the value is read, and throws an
     * exception whose message is the parser's ({@code java.lang.NumberFormatException: For input string: "x"})
     * without the key or the file, so the key is added here.
     */
    private static int number(String key, IntSupplier value) {
        try {
            return value.getAsInt();
        } catch (RuntimeException notANumber) {
            String reason = String.valueOf(notANumber.getMessage()).replaceFirst("^[\\w.$]+Exception: ", "");
            throw new IllegalArgumentException(key + " must be a whole number (" + reason + ")", notANumber);
        }
    }

    /** A listen address must resolve now: an unresolved name fails only at bind, with an exception without a message. */
    private static String address(String key, String value) {
        String address = value.trim();
        if (address.isEmpty()) {
            throw new IllegalArgumentException(key + " is empty; use 0.0.0.0 for every interface");
        }
        if (new InetSocketAddress(address, 0).isUnresolved()) {
            throw new IllegalArgumentException(key + " '" + address + "' is neither an IP address nor a name that "
                    + "resolves");
        }
        return address;
    }

    /**
     * nat.pool (comma-separated addresses, CIDRs and {@code a-b} ranges; empty: no NAT gateway carries
     * anything) and nat.mode ({@code shared} or {@code per-app}); the pool must not overlap the overlay.
     */
    static EgressSettings egress(Ipv4Prefix overlay, String pool, String mode) {
        List<IpRange> ranges = new ArrayList<>();
        for (String entry : pool.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                ranges.add(IpRange.parse(trimmed));
            } catch (RuntimeException invalid) {
                throw new IllegalArgumentException("nat.pool entry '" + trimmed
                        + "' is not an IPv4 address, CIDR or range a-b: " + invalid.getMessage(), invalid);
            }
        }
        NatMode natMode;
        try {
            natMode = NatMode.parse(mode.trim());
        } catch (ModelException invalid) {
            throw new IllegalArgumentException("nat.mode '" + mode + "' must be shared or per-app", invalid);
        }
        try {
            return new EgressSettings(Optional.of(overlay), ranges, natMode);
        } catch (ModelException invalid) {
            throw new IllegalArgumentException(invalid.getMessage(), invalid); // "nat.pool: ... overlaps ..."
        }
    }

    /** Strictly true or false: a typo must not quietly turn fsync off. */
    static SqliteStore.Sync storeSync(String fsync) {
        return trueOrFalse("store.fsync", fsync) ? SqliteStore.Sync.POWER_LOSS : SqliteStore.Sync.PROCESS_CRASH;
    }

    /** Strictly true or false: a typo must not quietly change a safety setting. */
    private static boolean trueOrFalse(String key, String value) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
        };
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

    /** As configured ({@code 0.0.0.0:6653}), not as InetSocketAddress prints it ({@code 0.0.0.0/0.0.0.0:6653}). */
    private static String text(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Logs why the start failed; a failed bind says "Address already in use" but not which listener: name both. */
    private static void logNotStarted(ControllerConfig settings, Exception failure) {
        LOG.error("the controller could not start (OpenFlow on {}, OVSDB on {}), nothing is listening: {}",
                text(settings.openflowAddress()), text(settings.ovsdb().bindAddress()),
                failure.getMessage() != null ? failure.getMessage() : failure.toString());
    }

    /** Hosts must be told the port, so 0 (any free port) is refused as well. */
    private static int port(String key, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(key + " " + port + " is not a TCP port (1-65535)");
        }
        return port;
    }

    private static int atLeast(int minimum, String key, int value) {
        if (value < minimum) {
            throw new IllegalArgumentException(key + " must be at least " + minimum + ", not " + value);
        }
        return value;
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
