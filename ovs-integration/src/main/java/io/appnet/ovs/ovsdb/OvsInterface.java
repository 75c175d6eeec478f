package io.appnet.ovs.ovsdb;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An Interface row. {@code ofport} is present once ovs-vswitchd gave the interface a usable OpenFlow port
 * number; OVS's failure value -1 reads as empty, and {@code error} then says why.
 */
public record OvsInterface(String uuid, String name, String type, OptionalInt ofport, Map<String, String> externalIds,
        Map<String, String> options, Optional<String> macInUse, Optional<String> error) {

    public OvsInterface {
        externalIds = Map.copyOf(externalIds);
        options = Map.copyOf(options);
    }

    public Optional<String> externalId(String key) {
        return Optional.ofNullable(externalIds.get(key));
    }
}
