package io.appnet.controller.topology;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Ipv4Prefix;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * What the controller knows of a host, for operators: its lease, whether its OVSDB session is up, how many
 * instances it runs, the interfaces it refused (and why) or still waits for, and the host's own problem
 * (empty when it is fully joined).
 */
public record HostStatus(String hostId, Optional<Ipv4Address> underlayIp, Optional<Ipv4Prefix> subnet,
                         boolean connected, Optional<Long> datapathId, Optional<Integer> tunnelPort, int instances,
                         Map<String, String> rejectedInterfaces, Map<String, String> pendingInterfaces,
                         String problem) {

    public HostStatus {
        rejectedInterfaces = Collections.unmodifiableSortedMap(new TreeMap<>(rejectedInterfaces));
        pendingInterfaces = Collections.unmodifiableSortedMap(new TreeMap<>(pendingInterfaces));
    }
}
