package io.appnet.ovs.ovsdb;

/** What an idempotent operation on a host did. */
public enum Outcome {
    CREATED,
    UPDATED,
    DELETED,
    /** The host already was as asked; no transaction was sent. */
    UNCHANGED
}
