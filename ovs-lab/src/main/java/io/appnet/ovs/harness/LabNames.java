package io.appnet.ovs.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Names and addresses of one lab's parts, from {@code lab.env} (the module's root, on the classpath), the file
 * scripts/lab.sh sources too: one description of a lab for both. Everything outside the lab's own namespaces
 * starts with {@link #prefix()}, so teardown finds it by name; interface names stay within Linux's 15
 * characters because lab ids and host names are short.
 */
record LabNames(String labId, Path runRoot) {

    private static final Properties LAYOUT = layout();

    static final Path DEFAULT_RUN_ROOT = Path.of(value("DEFAULT_LAB_ROOT"));
    static final String MANAGEMENT_RESERVATIONS = value("MGMT_RESERVATIONS");
    static final Pattern LAB_ID = Pattern.compile(value("LAB_ID_PATTERN"));
    static final Pattern HOST_NAME = Pattern.compile(value("HOST_NAME_PATTERN"));
    static final Pattern CONTAINER_NAME = Pattern.compile(value("CONTAINER_NAME_PATTERN"));
    static final String RESERVED_HOST_NAME = value("RESERVED_HOST_NAME");
    static final int MAX_HOSTS = Integer.parseInt(value("MAX_HOSTS"));

    static final String UNDERLAY_INTERFACE = value("UNDERLAY_INTERFACE");
    static final String MANAGEMENT_INTERFACE = value("MANAGEMENT_INTERFACE");
    static final String CONTAINER_INTERFACE = value("CONTAINER_INTERFACE");
    static final String UNDERLAY_SWITCH = value("UNDERLAY_SWITCH");
    static final String PHYSICAL_BRIDGE = value("PHYSICAL_BRIDGE");
    static final String INTEGRATION_BRIDGE = value("INTEGRATION_BRIDGE");
    static final int CONTAINER_MTU = Integer.parseInt(value("CONTAINER_MTU"));
    static final String UNDERLAY_NETWORK = value("UNDERLAY_NET") + ".";
    static final String MANAGEMENT_NETWORK = value("MGMT_NET") + ".";
    static final int NETWORK_PREFIX_LENGTH = Integer.parseInt(value("NETWORK_PREFIX_LENGTH"));
    static final int HOST_ADDRESS_OFFSET = Integer.parseInt(value("HOST_OFFSET"));
    static final String EXTERNAL_BRIDGE = value("EXTERNAL_BRIDGE");
    static final String EXTERNAL_BRIDGE_MAC = value("EXTERNAL_BRIDGE_MAC");
    static final String UPLINK_INTERFACE = value("UPLINK_INTERFACE");

    private static Properties layout() {
        Properties layout = new Properties();
        try (InputStream in = LabNames.class.getResourceAsStream("lab.env")) {
            if (in == null) {
                throw new IllegalStateException("lab.env is not on the classpath next to " + LabNames.class.getName());
            }
            layout.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layout;
    }

    private static String value(String key) {
        String value = LAYOUT.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("lab.env has no " + key);
        }
        return value.strip();
    }

    String prefix() {
        return value("NAME_PREFIX") + labId + "-";
    }

    String underlayNamespace() {
        return prefix() + RESERVED_HOST_NAME;
    }

    /** The external network behind gateways' uplinks: a name no host or container namespace can have. */
    String externalNamespace() {
        return underlayNamespace() + "-" + value("EXTERNAL_NAME");
    }

    String hostNamespace(String host) {
        return prefix() + host;
    }

    String containerNamespace(String host, String container) {
        return hostNamespace(host) + "-" + container;
    }

    /** The host-side veth of a container, inside the host namespace, a port of br-int. */
    static String containerPort(String container) {
        return value("CONTAINER_PORT_PREFIX") + container;
    }

    String managementBridge() {
        return prefix() + value("MGMT_BRIDGE_SUFFIX");
    }

    String managementVeth(int hostIndex) {
        return prefix() + value("MGMT_VETH_SUFFIX") + hostIndex;
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
