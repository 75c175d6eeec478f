package io.appnet.openflow.message;

import java.util.Objects;

/**
 * A bundle property ({@code struct ofp14_bundle_prop_header}): type and the bytes after the 4-byte header,
 * without padding. OpenFlow 1.3 bundles define only the experimenter property ({@link #EXPERIMENTER}); Open
 * vSwitch ignores properties.
 */
public record BundleProperty(int type, Bytes body) {
    public static final int EXPERIMENTER = 0xffff;

    public BundleProperty {
        Unsigned.u16("bundle property type", type);
        Objects.requireNonNull(body, "body");
        if (body.length() > 0xffff - 4) {
            throw new IllegalArgumentException("bundle property body of " + body.length() + " bytes is too long");
        }
    }
}
