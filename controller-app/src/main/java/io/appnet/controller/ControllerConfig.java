package io.appnet.controller;

import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.ovs.ovsdb.OvsdbServerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How a controller runs: where it listens for switches (OpenFlow) and hosts (OVSDB), the overlay it leases
 * host subnets from, and how long after a start it waits for the known hosts to report before it
 * reconciles switches against a possibly incomplete model, how often it audits switches for drift, and the
 * egress gateways' NAT pool and mode ({@code egress}, whose overlay is always {@code overlay}).
 */
public record ControllerConfig(InetSocketAddress openflowAddress, OfConnectionConfig openflow,
                               OvsdbServerConfig ovsdb, Ipv4Prefix overlay, int subnetLength,
                               Duration settleTimeout, Duration auditInterval, EgressSettings egress) {

    public static final int OPENFLOW_PORT = 6653;
    public static final String DEFAULT_OVERLAY = "10.255.0.0/16";
    public static final int DEFAULT_SUBNET_LENGTH = 24;

    public ControllerConfig {
        if (settleTimeout.isNegative()) {
            throw new IllegalArgumentException("settle timeout must not be negative, not " + settleTimeout);
        }
        if (auditInterval.isNegative()) {
            throw new IllegalArgumentException("audit interval must not be negative, not " + auditInterval);
        }
        // The pool is checked against this overlay, so the two can never disagree.
        egress = new EgressSettings(Optional.of(overlay), egress.pool(), egress.mode());
    }

    /** All addresses, OpenFlow 6653, OVSDB 6640, /24 subnets of 10.255.0.0/16, 10 s to settle, audit each 30 s. */
    public static ControllerConfig defaults() {
        return new ControllerConfig(new InetSocketAddress(OPENFLOW_PORT), OfConnectionConfig.defaults(),
                OvsdbServerConfig.defaults(), Ipv4Prefix.parse(DEFAULT_OVERLAY), DEFAULT_SUBNET_LENGTH,
                Duration.ofSeconds(10), Duration.ofSeconds(30), EgressSettings.none());
    }

    /** Both listeners on {@code host}; port 0 picks a free port. */
    public ControllerConfig listeningOn(String host, int openflowPort, int ovsdbPort) {
        return new ControllerConfig(new InetSocketAddress(host, openflowPort), openflow,
                ovsdb.withBindAddress(host, ovsdbPort), overlay, subnetLength, settleTimeout, auditInterval, egress);
    }

    public ControllerConfig withOpenflow(OfConnectionConfig connections) {
        return new ControllerConfig(openflowAddress, connections, ovsdb, overlay, subnetLength, settleTimeout, auditInterval, egress);
    }

    public ControllerConfig withOvsdb(OvsdbServerConfig server) {
        return new ControllerConfig(openflowAddress, openflow, server, overlay, subnetLength, settleTimeout, auditInterval, egress);
    }

    public ControllerConfig withOverlay(String cidr, int length) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, Ipv4Prefix.parse(cidr), length, settleTimeout,
                auditInterval, egress);
    }

    public ControllerConfig withSettleTimeout(Duration timeout) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, timeout, auditInterval, egress);
    }

    /** The NAT pool (addresses, CIDRs, {@code a-b}) and {@code nat.mode} of the egress gateways. */
    public ControllerConfig withEgress(EgressSettings settings) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, settleTimeout,
                auditInterval, settings);
    }

    /** How often every in-sync switch is re-read to repair drift; zero turns the audit off. */
    public ControllerConfig withAuditInterval(Duration interval) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, settleTimeout, interval, egress);
    }
}
