package io.appnet.controller.store;

/** Per-app NAT mode: the pool address an app's egress connections leave from, kept so that it stays the same. */
public record StoredEgressAddress(String appGuid, String address) {

    public StoredEgressAddress {
        StoreFields.present("app GUID", appGuid);
        StoreFields.present("egress address", address);
    }
}
