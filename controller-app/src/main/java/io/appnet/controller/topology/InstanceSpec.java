package io.appnet.controller.topology;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;

/** An instance as its host's OVSDB declares it: the interface on br-int, its app, addresses and OpenFlow port. */
public record InstanceSpec(String interfaceName, String appGuid, Ipv4Address ip, MacAddress mac, int ofport) {
}
