package io.appnet.compiler.model;

/** A running instance (container) of an app, attached to its host's br-int at an OpenFlow port. */
public record Instance(InstanceId id, AppId app, HostId host, int port, Ipv4Address ip, MacAddress mac) {
}
