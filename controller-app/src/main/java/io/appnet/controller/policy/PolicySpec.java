package io.appnet.controller.policy;

import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.Locale;

/**
 * "App {@code sourceGuid} may reach app {@code destinationGuid} on protocol/ports": a policy as users name
 * it. Two specs are the same policy exactly when all four parts are equal (that is what a delete matches).
 * Ports are {@link PortRange#any()} for icmp and all.
 */
public record PolicySpec(String sourceGuid, String destinationGuid, Protocol protocol, PortRange ports) {

    public PolicySpec {
        if (sourceGuid == null || sourceGuid.isEmpty()) {
            throw new PolicyException("missing source id");
        }
        if (destinationGuid == null || destinationGuid.isEmpty()) {
            throw new PolicyException("missing destination id");
        }
        if (protocol == null) {
            throw new PolicyException("missing destination protocol");
        }
        if (ports == null || protocol.hasPorts() == ports.isAny()) {
            throw new PolicyException(protocol.hasPorts() ? "missing start port"
                    : "ports are not allowed for protocol " + protocol);
        }
    }

    /**
     * A spec from what a request said, any part possibly missing (null). {@code end} defaults to
     * {@code start}. {@code extendedProtocols} admits appnet's icmp and all besides tcp and udp.
     */
    public static PolicySpec parse(String source, String destination, String protocol, Integer start, Integer end,
                                   boolean extendedProtocols) {
        if (source == null || source.isEmpty()) {
            throw new PolicyException("missing source id");
        }
        if (destination == null || destination.isEmpty()) {
            throw new PolicyException("missing destination id");
        }
        if (protocol == null || protocol.isEmpty()) {
            throw new PolicyException("missing destination protocol");
        }
        Protocol parsed = protocol(protocol, extendedProtocols);
        if (!parsed.hasPorts()) {
            if (start != null || end != null) {
                throw new PolicyException("ports are not allowed for protocol " + parsed);
            }
            return new PolicySpec(source, destination, parsed, PortRange.any());
        }
        if (start == null) {
            throw new PolicyException("missing start port");
        }
        int last = end == null ? start : end;
        checkPort("start", start);
        checkPort("end", last);
        if (start > last) {
            throw new PolicyException("invalid port range " + start + "-" + last
                    + ", start must be less than or equal to end");
        }
        return new PolicySpec(source, destination, parsed, PortRange.of(start, last));
    }

    private static Protocol protocol(String text, boolean extended) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!text.equals(lower)) {
            throw invalidProtocol(extended);
        }
        try {
            Protocol protocol = Protocol.parse(text);
            if (!extended && !protocol.hasPorts()) {
                throw invalidProtocol(false);
            }
            return protocol;
        } catch (ModelException unknown) {
            throw invalidProtocol(extended);
        }
    }

    private static PolicyException invalidProtocol(boolean extended) {
        return new PolicyException(extended ? "invalid destination protocol, specify either udp, tcp, icmp or all"
                : "invalid destination protocol, specify either udp or tcp");
    }

    private static void checkPort(String which, int port) {
        if (port < 1 || port > 65535) {
            throw new PolicyException("invalid " + which + " port " + port + ", must be in range 1-65535");
        }
    }

    @Override
    public String toString() {
        return sourceGuid + " -> " + destinationGuid + " " + protocol + (protocol.hasPorts() ? "/" + ports : "");
    }
}
