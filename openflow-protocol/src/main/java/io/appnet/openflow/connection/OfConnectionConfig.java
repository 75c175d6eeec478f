package io.appnet.openflow.connection;

import java.time.Duration;

/**
 * Timing and memory limits of one switch connection.
 *
 * @param echoInterval silence after which an ECHO_REQUEST is sent
 * @param echoTimeout silence after which the peer is declared dead and the connection closed
 * @param handshakeTimeout time allowed from accept to FEATURES_REPLY
 * @param maxQueuedBytes outbound bytes a switch may leave unread before it is disconnected; callers that
 *     stream many messages use {@link OfConnection#sendAll} which never gets near this limit
 */
public record OfConnectionConfig(Duration echoInterval, Duration echoTimeout, Duration handshakeTimeout,
        long maxQueuedBytes) {

    public static OfConnectionConfig defaults() {
        return new OfConnectionConfig(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10),
                64L << 20);
    }

    public OfConnectionConfig {
        if (echoInterval.isNegative() || echoInterval.isZero() || echoTimeout.compareTo(echoInterval) < 0) {
            throw new IllegalArgumentException("need 0 < echo interval (" + echoInterval
                    + ") <= echo timeout (" + echoTimeout + ")");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || maxQueuedBytes <= 0) {
            throw new IllegalArgumentException("handshake timeout and queue limit must be positive");
        }
    }

    public OfConnectionConfig withEcho(Duration interval, Duration timeout) {
        return new OfConnectionConfig(interval, timeout, handshakeTimeout, maxQueuedBytes);
    }
}
