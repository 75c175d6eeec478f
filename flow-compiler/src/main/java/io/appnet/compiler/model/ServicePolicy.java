package io.appnet.compiler.model;

/** "App {@code source} may reach external service {@code service}" (on the service's protocol and ports). */
public record ServicePolicy(PolicyId id, AppId source, String service) {
}
