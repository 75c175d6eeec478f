package io.appnet.controller.topology;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import java.util.Objects;

/**
 * An instance as its host's OVSDB declares it (design section 3): the container's interface on br-int, its
 * app, the addresses the container uses, and the OpenFlow port its traffic enters by. {@link HostReading}
 * makes these from a snapshot once they pass the host contract.
 */
public record InstanceSpec(String interfaceName, String appGuid, Ipv4Address ip, MacAddress mac, int ofport) {

    public InstanceSpec {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(appGuid, "appGuid");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(mac, "mac");
        if (ofport <= 0) {
            throw new IllegalArgumentException("instance " + interfaceName + ": OpenFlow port " + ofport
                    + " is not a usable port number");
        }
    }
}
