package io.appnet.controller.store;

/** A group policy row: every app of the source group may reach every app of the destination group. */
public record StoredGroupPolicy(long id, String sourceGroup, String destinationGroup, String protocol, int startPort,
                                int endPort) {

    public StoredGroupPolicy {
        StoreFields.policyId(id);
        StoreFields.present("source group id", sourceGroup);
        StoreFields.present("destination group id", destinationGroup);
        StoreFields.protocolAndPorts(protocol, startPort, endPort);
    }
}
