package io.appnet.controller.status;

/** An instance in the compiled model, with its app's GUID and ID. */
public record InstanceView(String id, String appGuid, int appId, String host, int port, String ip, String mac) {
}
