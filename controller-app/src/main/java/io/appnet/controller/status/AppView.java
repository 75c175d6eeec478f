package io.appnet.controller.status;

import java.util.List;

/** An app with its app ID (the VNI it sends with) and its instances, ordered by instance id. */
public record AppView(String guid, int appId, List<InstanceView> instances) {

    public AppView {
        instances = List.copyOf(instances);
    }
}
