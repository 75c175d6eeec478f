package io.appnet.compiler.model;

/** "Every app of group {@code source} may open connections to every app of group {@code destination}." */
public record GroupPolicy(PolicyId id, GroupName source, GroupName destination, Protocol protocol,
                          PortRange ports) {

    public GroupPolicy {
        Rules.checkPorts(protocol, ports);
    }

    public boolean covers(Protocol connection, int port) {
        return Rules.covers(protocol, ports, connection, port);
    }
}
