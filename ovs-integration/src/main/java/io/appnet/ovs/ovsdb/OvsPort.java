package io.appnet.ovs.ovsdb;

import java.util.List;

/** A Port row with its interfaces (one, except for bonds), ordered by name. */
public record OvsPort(String uuid, String name, List<OvsInterface> interfaces) {

    public OvsPort {
        interfaces = List.copyOf(interfaces);
    }
}
