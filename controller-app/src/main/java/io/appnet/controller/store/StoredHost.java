package io.appnet.controller.store;

import java.util.List;

/**
 * The last known topology of a joined host, so that a restarted controller compiles every host's tables from what
 * the network was rather than from the hosts that have reported so far: its underlay address, the OpenFlow port of
 * its tunnel, the datapath id of its br-int, whether it asked to be an egress gateway (gateways are not restored:
 * the hosts that were one are awaited after a restart) and its instances. The subnet is the host's lease.
 */
public record StoredHost(String hostId, String underlayIp, int tunnelPort, long datapathId, boolean gateway,
                         List<Instance> instances) {

    public StoredHost {
        StoreFields.present("host id", hostId);
        StoreFields.present("underlay address", underlayIp);
        instances = List.copyOf(instances);
    }

    /** An instance as its host declared it: its interface on br-int, app, addresses and OpenFlow port. */
    public record Instance(String interfaceName, String appGuid, String ip, String mac, int ofport) {

        public Instance {
            StoreFields.present("interface name", interfaceName);
            StoreFields.present("app GUID", appGuid);
            StoreFields.present("instance address", ip);
            StoreFields.present("instance MAC", mac);
        }
    }
}
