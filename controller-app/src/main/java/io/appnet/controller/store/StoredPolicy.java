package io.appnet.controller.store;

/** An app-to-app policy row: protocol is tcp, udp, icmp or all; ports 0-65535 mean any. */
public record StoredPolicy(long id, String sourceGuid, String destinationGuid, String protocol, int startPort,
                           int endPort) {

    public StoredPolicy {
        StoreFields.policyId(id);
        StoreFields.present("source app GUID", sourceGuid);
        StoreFields.present("destination app GUID", destinationGuid);
        StoreFields.protocolAndPorts(protocol, startPort, endPort);
    }
}
