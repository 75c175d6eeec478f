package io.appnet.controller.core;

import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.openflow.connection.OfConnectionConfig;
import io.appnet.ovs.ovsdb.OvsdbServerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How a controller runs: where it listens for switches (OpenFlow) and hosts (OVSDB), the overlay it leases
 * host subnets from, and how long after a start it waits for the known hosts to report before it
 * reconciles switches against a possibly incomplete model.
 */
public record ControllerConfig(InetSocketAddress openflowAddress, OfConnectionConfig openflow,
                               OvsdbServerConfig ovsdb, Ipv4Prefix overlay, int subnetLength,
                               Duration settleTimeout) {

    public static final int OPENFLOW_PORT = 6653;
    public static final String DEFAULT_OVERLAY = "10.255.0.0/16";
    public static final int DEFAULT_SUBNET_LENGTH = 24;

    public ControllerConfig {
        if (settleTimeout.isNegative()) {
            throw new IllegalArgumentException("settle timeout must not be negative, not " + settleTimeout);
        }
    }

    /** All addresses, OpenFlow 6653, OVSDB 6640, /24 subnets of 10.255.0.0/16, 10 s to settle. */
    public static ControllerConfig defaults() {
        return new ControllerConfig(new InetSocketAddress(OPENFLOW_PORT), OfConnectionConfig.defaults(),
                OvsdbServerConfig.defaults(), Ipv4Prefix.parse(DEFAULT_OVERLAY), DEFAULT_SUBNET_LENGTH,
                Duration.ofSeconds(10));
    }

    /** Both listeners on {@code host}; port 0 picks a free port. */
    public ControllerConfig listeningOn(String host, int openflowPort, int ovsdbPort) {
        return new ControllerConfig(new InetSocketAddress(host, openflowPort), openflow,
                ovsdb.withBindAddress(host, ovsdbPort), overlay, subnetLength, settleTimeout);
    }

    public ControllerConfig withOpenflow(OfConnectionConfig connections) {
        return new ControllerConfig(openflowAddress, connections, ovsdb, overlay, subnetLength, settleTimeout);
    }

    public ControllerConfig withOvsdb(OvsdbServerConfig server) {
        return new ControllerConfig(openflowAddress, openflow, server, overlay, subnetLength, settleTimeout);
    }

    public ControllerConfig withOverlay(String cidr, int length) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, Ipv4Prefix.parse(cidr), length, settleTimeout);
    }

    public ControllerConfig withSettleTimeout(Duration timeout) {
        return new ControllerConfig(openflowAddress, openflow, ovsdb, overlay, subnetLength, timeout);
    }
}
