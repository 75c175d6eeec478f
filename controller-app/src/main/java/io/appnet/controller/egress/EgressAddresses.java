package io.appnet.controller.egress;

import java.util.Optional;
import java.util.SortedMap;

/**
 * Per-app NAT mode's map: each app with an egress policy and the pool address its connections leave from, with the
 * gateway that holds that address; the pool's size and mode; and the last change refused because the pool was too
 * small for per-app mode (never silently shared).
 */
public record EgressAddresses(String mode, long poolSize, SortedMap<String, Entry> apps, Optional<String> shortage) {

    /** An app's address and its home gateway (none while no live gateway holds the address). */
    public record Entry(String address, Optional<String> gateway) {
    }
}
