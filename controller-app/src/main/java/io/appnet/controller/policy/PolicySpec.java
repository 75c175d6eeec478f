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
     * A spec from what a request said, any part possibly missing (null), checked in policy-server's order
     * with its messages: source, destination, protocol (a missing one is an invalid one), then the port
     * range: start after end, a negative start, a missing start, an end above 65535. A missing end counts as
     * 0, as in policy-server. One deviation: an explicit start of 0 is "invalid start port 0, must be in
     * range 1-65535", where policy-server cannot tell it from a missing start. {@code extendedProtocols}
     * admits appnet's icmp and all (without ports) besides tcp and udp.
     */
    public static PolicySpec parse(String source, String destination, String protocol, Integer start, Integer end,
                                   boolean extendedProtocols) {
        if (source == null || source.isEmpty()) {
            throw new PolicyException("missing source id");
        }
        if (destination == null || destination.isEmpty()) {
            throw new PolicyException("missing destination id");
        }
        Protocol parsed = protocol(protocol == null ? "" : protocol, extendedProtocols);
        if (!parsed.hasPorts()) {
            if (start != null && start != 0 || end != null && end != 0) {
                throw new PolicyException("ports are not allowed for protocol " + parsed);
            }
            return new PolicySpec(source, destination, parsed, PortRange.any());
        }
        int first = start == null ? 0 : start;
        int last = end == null ? 0 : end;
        if (first > last) {
            throw new PolicyException("invalid port range " + first + "-" + last
                    + ", start must be less than or equal to end");
        }
        if (first < 0 || start != null && first == 0) {
            throw new PolicyException("invalid start port " + first + ", must be in range 1-65535");
        }
        if (start == null) {
            throw new PolicyException("missing start port");
        }
        if (last > 65535) {
            throw new PolicyException("invalid end port " + last + ", must be in range 1-65535");
        }
        return new PolicySpec(source, destination, parsed, PortRange.of(first, last));
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

    @Override
    public String toString() {
        return sourceGuid + " -> " + destinationGuid + " " + protocol + (protocol.hasPorts() ? "/" + ports : "");
    }
}
