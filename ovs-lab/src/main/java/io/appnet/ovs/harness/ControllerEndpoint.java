package io.appnet.ovs.harness;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where every host of a lab points br-int's OpenFlow controller ({@code set-controller br-int tcp:A:P}) and
 * its OVSDB manager ({@code set-manager tcp:A:P}). Without an address, hosts dial the root namespace's
 * end of the lab's management link ({@link Lab#controllerAddress()}), where a controller in the test JVM
 * listening on that address or on 0.0.0.0 answers. Either port may be left out. With a {@link LabPki}, each
 * host gets credentials for its own name and dials {@code ssl:} targets; without, {@code tcp:}.
 */
public record ControllerEndpoint(Optional<String> address, OptionalInt openflowPort, OptionalInt ovsdbPort,
                                 Optional<LabPki> pki) {

    public static final int DEFAULT_OPENFLOW_PORT = 6653;
    public static final int DEFAULT_OVSDB_PORT = 6640;

    public ControllerEndpoint {
        address.ifPresent(value -> Addresses.requireAddress("controller address", value));
        openflowPort.ifPresent(port -> Addresses.requirePort("OpenFlow port", port));
        ovsdbPort.ifPresent(port -> Addresses.requirePort("OVSDB port", port));
        if (openflowPort.isEmpty() && ovsdbPort.isEmpty()) {
            throw new IllegalArgumentException("a controller endpoint needs an OpenFlow port, an OVSDB port or both");
        }
    }

    /** A controller in the root namespace (the test JVM), reached over the management link. */
    public static ControllerEndpoint rootNamespace(int openflowPort, int ovsdbPort) {
        return new ControllerEndpoint(Optional.empty(), OptionalInt.of(openflowPort), OptionalInt.of(ovsdbPort),
                Optional.empty());
    }

    /** A controller at an explicit IPv4 address; hosts route to it through the management link. */
    public static ControllerEndpoint at(String address, int openflowPort, int ovsdbPort) {
        return new ControllerEndpoint(Optional.of(address), OptionalInt.of(openflowPort), OptionalInt.of(ovsdbPort),
                Optional.empty());
    }

    public ControllerEndpoint withoutOpenflow() {
        return new ControllerEndpoint(address, OptionalInt.empty(), ovsdbPort, pki);
    }

    public ControllerEndpoint withoutOvsdb() {
        return new ControllerEndpoint(address, openflowPort, OptionalInt.empty(), pki);
    }

    /** Mutual TLS: every host dials with credentials for its own name from {@code pki}. */
    public ControllerEndpoint withTls(LabPki pki) {
        return new ControllerEndpoint(address, openflowPort, ovsdbPort, Optional.of(pki));
    }
}
