package io.appnet.openflow.codec;

import io.appnet.openflow.message.OfType;

/** The fixed {@code struct ofp_header} of every message. */
public record OfHeader(int version, OfType type, int length, int xid) {
}
