package io.appnet.ovs.harness;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names and addresses of one lab's parts, the same scheme as scripts/lab.sh (whose header documents it).
 * Everything outside the lab's own namespaces starts with {@link #prefix()}, so teardown finds it by name;
 * interface names stay within Linux's 15 characters because lab ids and host names are short.
 */
record LabNames(String labId, Path runRoot) {

    static final Pattern LAB_ID = Pattern.compile("[a-z0-9]{1,6}");
    static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]{1,8}");
    static final Pattern CONTAINER_NAME = Pattern.compile("[a-z0-9]{1,12}");
    static final String RESERVED_HOST_NAME = "ul";

    static final String UNDERLAY_INTERFACE = "ul0";
    static final String MANAGEMENT_INTERFACE = "mgmt0";
    static final String CONTAINER_INTERFACE = "eth0";
    static final String UNDERLAY_SWITCH = "br0";
    static final String PHYSICAL_BRIDGE = "br-phy";
    static final String INTEGRATION_BRIDGE = "br-int";
    static final String UNDERLAY_NETWORK = "192.168.50.";
    static final String MANAGEMENT_NETWORK = "172.31.";
    static final int NETWORK_PREFIX_LENGTH = 24;
    static final int HOST_ADDRESS_OFFSET = 10;
    static final int MAX_HOSTS = 99;

    String prefix() {
        return "an-" + labId + "-";
    }

    String underlayNamespace() {
        return prefix() + RESERVED_HOST_NAME;
    }

    String hostNamespace(String host) {
        return prefix() + host;
    }

    String containerNamespace(String host, String container) {
        return hostNamespace(host) + "-" + container;
    }

    /** The host-side veth of a container, inside the host namespace, a port of br-int. */
    static String containerPort(String container) {
        return "c-" + container;
    }

    String managementBridge() {
        return prefix() + "mg";
    }

    String managementVeth(int hostIndex) {
        return prefix() + "m" + hostIndex;
    }

    Path labDir() {
        return runRoot.resolve(labId);
    }

    Path hostDir(String host) {
        return labDir().resolve(host);
    }

    Path backgroundDir() {
        return labDir().resolve("bg");
    }

    static String underlayIp(int hostIndex) {
        return UNDERLAY_NETWORK + (HOST_ADDRESS_OFFSET + hostIndex);
    }

    static String managementIp(int managementOctet, int hostIndex) {
        return MANAGEMENT_NETWORK + managementOctet + "." + (HOST_ADDRESS_OFFSET + hostIndex);
    }

    /** The root namespace's address on the management bridge: where hosts reach a controller in the test JVM. */
    static String managementGateway(int managementOctet) {
        return MANAGEMENT_NETWORK + managementOctet + ".1";
    }
}
