package io.appnet.controller;

import io.appnet.controller.security.PeerSessions;
import io.appnet.controller.switches.SwitchManager;
import io.appnet.controller.topology.HeldHostEvents;
import io.appnet.controller.topology.ReconnectNudge;
import io.appnet.controller.topology.TopologyService;
import io.appnet.ovs.ovsdb.OvsdbServer;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow and OVSDB listeners of a controller that is starting, bound first of all, before the store is even
 * opened: Open vSwitch's OpenFlow client retries only a backoff (1 s) after a refused attempt, so every moment the
 * port is closed at a start can cost a host a second. Meanwhile a switch is handshaken (listeners added later are
 * told of it) and a host's OVSDB events wait ({@link HeldHostEvents}); nothing is sent to either until
 * {@link Controller#start(SouthboundListeners, io.appnet.controller.store.ControllerStore)} takes them over, except
 * the {@link ReconnectNudge}s that wake a connected host's ovs-vswitchd until its br-int has dialled us.
 * Closing them (a start that never happens) drops every session.
 */
public final class SouthboundListeners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SouthboundListeners.class);

    private final ControllerConfig config;
    private final SwitchManager switches;
    private final OvsdbServer ovsdb;
    private final HeldHostEvents hostEvents;
    private final ReconnectNudge nudge;

    private SouthboundListeners(ControllerConfig config, SwitchManager switches, OvsdbServer ovsdb,
                                HeldHostEvents hostEvents, ReconnectNudge nudge) {
        this.config = config;
        this.switches = switches;
        this.ovsdb = ovsdb;
        this.hostEvents = hostEvents;
        this.nudge = nudge;
    }

    /** Binds both listeners; throws (with nothing left listening) if the configuration or a bind fails. */
    public static SouthboundListeners bind(ControllerConfig config) throws InterruptedException {
        config.southboundProblem().ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Optional<Supplier<SSLEngine>> tls = config.tls().map(credentials -> credentials);
        if (config.plaintext()) {
            LOG.warn("the southbound is PLAINTEXT (southbound.plaintext = true): any peer that reaches the OpenFlow "
                    + "and OVSDB ports can claim any host id and datapath id; use TLS outside a lab");
        }
        SwitchManager switches = new SwitchManager(config.openflowAddress(), config.openflow(), tls,
                new PeerSessions("OpenFlow", config.limits().maxSessionsPerPeer()));
        HeldHostEvents hostEvents = new HeldHostEvents();
        // ahead of the held events: a host's switch is woken while the store is still being read
        ReconnectNudge nudge = new ReconnectNudge(hostEvents, TopologyService.BRIDGE,
                datapath -> switches.connection(datapath).isPresent());
        try {
            OvsdbServer ovsdb = OvsdbServer.start(config.ovsdb(), nudge, tls,
                    new PeerSessions("OVSDB", config.limits().maxSessionsPerPeer()));
            return new SouthboundListeners(config, switches, ovsdb, hostEvents, nudge);
        } catch (Exception e) { // also what Netty throws undeclared, e.g. a failed bind
            nudge.close();
            hostEvents.drop();
            switches.close();
            throw e;
        }
    }

    ControllerConfig config() {
        return config;
    }

    SwitchManager switches() {
        return switches;
    }

    OvsdbServer ovsdb() {
        return ovsdb;
    }

    HeldHostEvents hostEvents() {
        return hostEvents;
    }

    ReconnectNudge nudge() {
        return nudge;
    }

    public InetSocketAddress openflowAddress() {
        return switches.localAddress();
    }

    public InetSocketAddress ovsdbAddress() {
        return ovsdb.localAddress();
    }

    /** Drops the held events and every session, and stops listening. */
    @Override
    public void close() {
        nudge.close();
        hostEvents.drop();
        ovsdb.close();
        switches.close();
    }
}
