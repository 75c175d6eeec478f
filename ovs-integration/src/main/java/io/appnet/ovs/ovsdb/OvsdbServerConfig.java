package io.appnet.ovs.ovsdb;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Where the manager listens and how it treats sessions. {@code echoInterval}: after this long without a byte
 * from a host we send an echo, and after twice this long the host is declared dead and its session closed
 * (OVS's own manager probe defaults to 5 s). {@code maxMessageBytes}: a larger JSON message closes the
 * session. {@code operationTimeout}: how long an operation may take, reply and snapshot update included.
 */
public record OvsdbServerConfig(InetSocketAddress bindAddress, Duration echoInterval, int maxMessageBytes,
        Duration operationTimeout) {

    public static final int DEFAULT_PORT = 6640;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 << 20;

    public OvsdbServerConfig {
        if (bindAddress == null) {
            throw new IllegalArgumentException("a bind address is required");
        }
        if (echoInterval.isNegative() || echoInterval.isZero()) {
            throw new IllegalArgumentException("echo interval must be positive, not " + echoInterval);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("max message size must be at least 1024 bytes, not " + maxMessageBytes);
        }
        if (operationTimeout.isNegative() || operationTimeout.isZero()) {
            throw new IllegalArgumentException("operation timeout must be positive, not " + operationTimeout);
        }
    }

    /** All addresses, port 6640, echo after 5 s, 16 MiB messages, 10 s per operation. */
    public static OvsdbServerConfig defaults() {
        return new OvsdbServerConfig(new InetSocketAddress(DEFAULT_PORT), Duration.ofSeconds(5),
                DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(10));
    }

    /** Port 0 picks a free port ({@link OvsdbServer#localAddress()} tells which). */
    public OvsdbServerConfig withBindAddress(String host, int port) {
        return new OvsdbServerConfig(new InetSocketAddress(host, port), echoInterval, maxMessageBytes, operationTimeout);
    }

    public OvsdbServerConfig withEchoInterval(Duration interval) {
        return new OvsdbServerConfig(bindAddress, interval, maxMessageBytes, operationTimeout);
    }

    public OvsdbServerConfig withMaxMessageBytes(int bytes) {
        return new OvsdbServerConfig(bindAddress, echoInterval, bytes, operationTimeout);
    }

    public OvsdbServerConfig withOperationTimeout(Duration timeout) {
        return new OvsdbServerConfig(bindAddress, echoInterval, maxMessageBytes, timeout);
    }
}
