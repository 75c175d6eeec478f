package io.appnet.compiler.model;

/** "App {@code source} may open connections to app {@code destination} on protocol/ports." */
public record Policy(PolicyId id, AppId source, AppId destination, Protocol protocol, PortRange ports) {

    public Policy {
        Rules.checkPorts(protocol, ports);
    }

    /** True if a connection of the given protocol to the given destination port falls under the policy. */
    public boolean covers(Protocol connection, int port) {
        return Rules.covers(protocol, ports, connection, port);
    }
}
