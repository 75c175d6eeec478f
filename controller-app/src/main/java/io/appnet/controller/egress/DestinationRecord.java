package io.appnet.controller.egress;

import io.appnet.compiler.model.Destination;

/** A destination as the controller holds it: the model's (rules, pseudo app ID, pinning) and its description. */
public record DestinationRecord(Destination destination, String description) {

    public String id() {
        return destination.id();
    }
}
