package io.appnet.controller.policy;

import io.appnet.compiler.model.PolicyId;

/** A policy as the controller holds it: its ID names its flows (cookies) and its stored row. */
public record PolicyRecord(PolicyId id, PolicySpec spec) {
}
