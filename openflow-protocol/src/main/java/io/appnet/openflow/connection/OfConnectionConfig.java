package io.appnet.openflow.connection;

import java.time.Duration;

/**
 * Timing and memory limits of one switch connection. Every limit closes the connection (or fails the request)
 * with a log line naming the switch and the limit; none of them grows with what the switch sends.
 *
 * @param echoInterval silence after which an ECHO_REQUEST is sent
 * @param echoTimeout silence after which the peer is declared dead and the connection closed; also how long the
 *     channel may stay unwritable (the switch reads nothing we send) before it is closed
 * @param handshakeTimeout time allowed from accept to FEATURES_REPLY
 * @param requestTimeout time a request (barrier, multipart, bundle control) may wait for its last reply before
 *     it fails with {@link RequestTimeoutException}; the connection stays up, its caller decides
 * @param maxQueuedBytes outbound bytes a switch may leave unread before it is disconnected (at once, TLS or
 *     not; see {@link OfConnection#queuedBytes}); at most this and one message are ever queued. Callers that
 *     stream many messages use {@link OfConnection#sendAll}, which pauses at half of it (at most 1 MiB)
 * @param maxEchoPayload largest ECHO_REQUEST payload answered; a larger one closes the connection
 * @param maxMultipartParts reply parts one multipart request may collect (each at most 64 KiB on the wire);
 *     one more closes the connection
 */
public record OfConnectionConfig(Duration echoInterval, Duration echoTimeout, Duration handshakeTimeout,
        Duration requestTimeout, long maxQueuedBytes, int maxEchoPayload, int maxMultipartParts) {

    /** Echo after 5 s, dead after 15 s, 10 s handshake, 30 s per request, 64 MiB queued, 1 KiB echo, 1,024 parts. */
    public static OfConnectionConfig defaults() {
        return new OfConnectionConfig(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 64L << 20, 1024, 1024);
    }

    public OfConnectionConfig {
        if (echoInterval.isNegative() || echoInterval.isZero() || echoTimeout.compareTo(echoInterval) < 0) {
            throw new IllegalArgumentException("need 0 < echo interval (" + echoInterval
                    + ") <= echo timeout (" + echoTimeout + ")");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive, not " + handshakeTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive, not " + requestTimeout);
        }
        if (maxQueuedBytes <= 0 || maxEchoPayload < 0 || maxMultipartParts <= 0) {
            throw new IllegalArgumentException("queue limit (" + maxQueuedBytes + "), echo payload limit ("
                    + maxEchoPayload + ") and multipart part limit (" + maxMultipartParts + ") must be positive");
        }
    }

    public OfConnectionConfig withEcho(Duration interval, Duration timeout) {
        return new OfConnectionConfig(interval, timeout, handshakeTimeout, requestTimeout, maxQueuedBytes,
                maxEchoPayload, maxMultipartParts);
    }

    public OfConnectionConfig withRequestTimeout(Duration timeout) {
        return new OfConnectionConfig(echoInterval, echoTimeout, handshakeTimeout, timeout, maxQueuedBytes,
                maxEchoPayload, maxMultipartParts);
    }

    public OfConnectionConfig withLimits(long queuedBytes, int echoPayload, int multipartParts) {
        return new OfConnectionConfig(echoInterval, echoTimeout, handshakeTimeout, requestTimeout, queuedBytes,
                echoPayload, multipartParts);
    }
}
