package io.appnet.controller;

import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.controller.security.Limits;
import io.appnet.controller.security.SouthboundTls;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.ovs.ovsdb.OvsdbServerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How a controller runs: where it listens for switches (OpenFlow) and hosts (OVSDB), the overlay it leases
 * host subnets from, and how long after a start it waits for the known hosts to report before it
 * reconciles switches against a possibly incomplete model, how often it audits switches for drift, and the
 * egress gateways' NAT pool and mode ({@code egress}, whose overlay is always {@code overlay}). The
 * southbound (OpenFlow and OVSDB) needs either TLS credentials ({@link #withTls}) or an explicit
 * {@link #withPlaintext()}; {@link #defaults()} has neither, and {@link Controller#start} refuses it.
 */
public record ControllerConfig(InetSocketAddress openflowAddress, OfConnectionConfig openflow,
                               OvsdbServerConfig ovsdb, Ipv4Prefix overlay, int subnetLength,
                               Duration settleTimeout, Duration auditInterval, Optional<SouthboundTls> tls,
                               boolean plaintext, Duration expiry, Limits limits,
                               EgressSettings egress) {

    public static final int OPENFLOW_PORT = 6653;
    public static final String DEFAULT_OVERLAY = "10.255.0.0/16";
    public static final int DEFAULT_SUBNET_LENGTH = 24;
    /** Hosts and apps gone this long are released: long enough for a host's maintenance window. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofDays(7);

    public ControllerConfig {
        if (settleTimeout.isNegative()) {
            throw new IllegalArgumentException("settle timeout must not be negative, not " + settleTimeout);
        }
        if (auditInterval.isNegative()) {
            throw new IllegalArgumentException("audit interval must not be negative, not " + auditInterval);
        }
        if (expiry.isNegative()) {
            throw new IllegalArgumentException("expiry must not be negative, not " + expiry);
        }
        if (tls.isPresent() && plaintext) {
            throw new IllegalArgumentException("the southbound is either TLS or plaintext, not both");
        }
        // The pool is checked against this overlay, so the two can never disagree.
        egress = new EgressSettings(Optional.of(overlay), egress.pool(), egress.mode());
    }

    /** Why the controller cannot start with this configuration's southbound, or empty if it can. */
    public Optional<String> southboundProblem() {
        return tls.isEmpty() && !plaintext ? Optional.of("the southbound has no TLS credentials (key, certificate, "
                + "CA) and plaintext was not asked for explicitly") : Optional.empty();
    }

    /** All addresses, OpenFlow 6653, OVSDB 6640, /24 subnets of 10.255.0.0/16, 10 s to settle, audit each 30 s. */
    public static ControllerConfig defaults() {
        return new ControllerConfig(new InetSocketAddress(OPENFLOW_PORT), OfConnectionConfig.defaults(),
                OvsdbServerConfig.defaults(), Ipv4Prefix.parse(DEFAULT_OVERLAY), DEFAULT_SUBNET_LENGTH,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Optional.empty(), false,
                DEFAULT_EXPIRY, Limits.defaults(), EgressSettings.none());
    }

    /** Both listeners on {@code host}; port 0 picks a free port. */
    public ControllerConfig listeningOn(String host, int openflowPort, int ovsdbPort) {
        return new ControllerConfig(new InetSocketAddress(host, openflowPort), openflow,
                ovsdb.withBindAddress(host, ovsdbPort), overlay, subnetLength, settleTimeout, auditInterval, tls,
                plaintext, expiry, limits, egress);
    }

    public ControllerConfig withOpenflow(OfConnectionConfig connections) {
        return new ControllerConfig(openflowAddress, connections, ovsdb, overlay, subnetLength, settleTimeout,
                auditInterval, tls, plaintext, expiry, limits, egress);
    }

    public ControllerConfig withOvsdb(OvsdbServerConfig server) {
        return new ControllerConfig(openflowAddress, openflow, server, overlay, subnetLength, settleTimeout,
                auditInterval, tls, plaintext, expiry, limits, egress);
    }

    public ControllerConfig withOverlay(String cidr, int length) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, Ipv4Prefix.parse(cidr), length, settleTimeout,
                auditInterval, tls, plaintext, expiry, limits, egress);
    }

    public ControllerConfig withSettleTimeout(Duration timeout) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, timeout, auditInterval,
                tls, plaintext, expiry, limits, egress);
    }

    /** Mutual TLS on OpenFlow and OVSDB: hosts must present a certificate the CA signed, naming their host id. */
    public ControllerConfig withTls(SouthboundTls credentials) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, settleTimeout,
                auditInterval, Optional.of(credentials), false, expiry, limits, egress);
    }

    /** Plain TCP on OpenFlow and OVSDB: every peer is trusted as whatever host it says it is. */
    public ControllerConfig withPlaintext() {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, settleTimeout,
                auditInterval, Optional.empty(), true, expiry, limits, egress);
    }

    /**
     * How long a host's OVSDB session or an app's last instance and policy may be gone before its lease or app ID
     * is released; zero: never.
     */
    public ControllerConfig withExpiry(Duration after) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, settleTimeout,
                auditInterval, tls, plaintext, after, limits, egress);
    }

    /** Caps on hosts, instances per host and connections per peer address. */
    public ControllerConfig withLimits(Limits caps) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, settleTimeout,
                auditInterval, tls, plaintext, expiry, caps, egress);
    }

    /** How often every in-sync switch is re-read to repair drift; zero turns the audit off. */
    public ControllerConfig withAuditInterval(Duration interval) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, settleTimeout, interval,
                tls, plaintext, expiry, limits, egress);
    }

    /** The NAT pool (addresses, CIDRs, {@code a-b}) and {@code nat.mode} of the egress gateways. */
    public ControllerConfig withEgress(EgressSettings settings) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, settleTimeout,
                auditInterval, tls, plaintext, expiry, limits, settings);
    }
}
