package io.appnet.ovs.harness;

import java.util.Optional;

/**
 * A container to attach to a host's br-int: name (1-12 of [a-z0-9], unique on its host), the app GUID
 * (opaque, 1-256 printable ASCII characters), its IPv4 address and prefix length, its default gateway,
 * and optionally the MAC of its eth0 (a random locally administered one otherwise).
 */
public record ContainerSpec(String name, String appGuid, String ip, int prefixLength, String gateway, Optional<String> mac) {

    private static final int MAX_GUID_LENGTH = 256;

    public ContainerSpec {
        if (name == null || !LabNames.CONTAINER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("container name '" + name + "' must be 1-12 characters of [a-z0-9]");
        }
        if (appGuid == null || appGuid.isEmpty() || appGuid.length() > MAX_GUID_LENGTH
                || !appGuid.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new IllegalArgumentException("app GUID '" + appGuid + "' must be 1-" + MAX_GUID_LENGTH
                    + " printable ASCII characters");
        }
        Addresses.requireAddress("container address", ip);
        Addresses.requireAddress("gateway", gateway);
        if (prefixLength < 1 || prefixLength > 31) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " must be 1..31");
        }
        if (!Addresses.sameSubnet(ip, gateway, prefixLength) || ip.equals(gateway)) {
            throw new IllegalArgumentException("gateway " + gateway + " must be another address in " + ip + "/" + prefixLength);
        }
        mac.ifPresent(value -> Addresses.requireMac("container MAC", value));
    }

    /** A container with address {@code cidr} (like 10.255.1.10/24) and a random MAC. */
    public static ContainerSpec of(String name, String appGuid, String cidr, String gateway) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0 || !cidr.substring(slash + 1).matches("\\d{1,2}")) {
            throw new IllegalArgumentException("address '" + cidr + "' must look like 10.255.1.10/24");
        }
        return new ContainerSpec(name, appGuid, cidr.substring(0, slash), Integer.parseInt(cidr.substring(slash + 1)),
                gateway, Optional.empty());
    }

    public ContainerSpec withMac(String containerMac) {
        return new ContainerSpec(name, appGuid, ip, prefixLength, gateway, Optional.of(containerMac));
    }

    String cidr() {
        return ip + "/" + prefixLength;
    }
}
