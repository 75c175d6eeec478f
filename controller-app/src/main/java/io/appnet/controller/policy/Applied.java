package io.appnet.controller.policy;

import java.util.concurrent.CompletableFuture;

/**
 * What an applied change answers (the objects created or deleted) and when the switches have it; the change is
 * stored already when this is returned.
 */
public record Applied<T>(T value, CompletableFuture<Void> programmed) {
}
