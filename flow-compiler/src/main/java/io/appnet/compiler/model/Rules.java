package io.appnet.compiler.model;

/** Protocol and port rules shared by every kind of policy. */
final class Rules {

    private Rules() {
    }

    static void checkPorts(Protocol protocol, PortRange ports) {
        if (!protocol.hasPorts() && !ports.isAny()) {
            throw new ModelException("ports " + ports + " given for protocol " + protocol
                    + ": ports are only for tcp and udp");
        }
    }

    static boolean covers(Protocol policy, PortRange ports, Protocol connection, int port) {
        if (policy == Protocol.ALL) {
            return true;
        }
        return policy == connection && (!policy.hasPorts() || ports.contains(port));
    }
}
