package io.appnet.controller.store;

import java.util.List;

/** An external service row: its CIDRs (in order), protocol and ports, and the pseudo app ID it was given. */
public record StoredService(String name, List<String> cidrs, String protocol, int startPort, int endPort,
                            int pseudoAppId) {

    public StoredService {
        StoreFields.present("service name", name);
        cidrs = List.copyOf(cidrs);
        if (cidrs.isEmpty()) {
            throw new IllegalArgumentException("service '" + name + "' has no CIDRs");
        }
        cidrs.forEach(StoreFields::cidr);
        StoreFields.protocolAndPorts(protocol, startPort, endPort);
        StoreFields.appId("pseudo app ID", pseudoAppId);
    }
}
