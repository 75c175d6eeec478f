package io.appnet.controller.store;

import java.util.List;

/** An external service row: its CIDRs, protocol and ports, and the pseudo app ID it was given. */
public record StoredService(String name, List<String> cidrs, String protocol, int startPort, int endPort,
                            int pseudoAppId) {

    public StoredService {
        cidrs = List.copyOf(cidrs);
    }
}
