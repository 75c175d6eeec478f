package io.appnet.compiler.model;

import java.util.List;

/**
 * A destination outside the platform (e.g. a database): reached through the egress gateway, identified
 * in policy by its pseudo app ID.
 */
public record ExternalService(String name, AppId pseudoAppId, List<Ipv4Prefix> cidrs, Protocol protocol,
                              PortRange ports) {

    public ExternalService {
        Names.check("service name", name);
        cidrs = List.copyOf(cidrs);
        if (cidrs.isEmpty()) {
            throw new ModelException("service '" + name + "' needs at least one CIDR");
        }
        Rules.checkPorts(protocol, ports);
        for (int i = 0; i < cidrs.size(); i++) {
            for (int j = i + 1; j < cidrs.size(); j++) {
                if (cidrs.get(i).overlaps(cidrs.get(j))) {
                    throw new ModelException("service '" + name + "': CIDRs " + cidrs.get(i) + " and " + cidrs.get(j)
                            + " overlap");
                }
            }
        }
    }
}
