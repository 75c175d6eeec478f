package io.appnet.openflow.message;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * ONF bundle add ({@code ONF_ET_BUNDLE_ADD_MESSAGE}): adds {@code message} to open bundle {@code bundleId}.
 * The embedded message carries the outer xid (Open vSwitch rejects a mismatch with
 * {@code OFPBFC_MSG_BAD_XID}), so {@link #of} takes the xid from it. Open vSwitch accepts flow mods, group mods,
 * port mods and packet outs in bundles; an experimenter message cannot be embedded.
 */
public record BundleAdd(int xid, long bundleId, Set<BundleFlag> flags, OfMessage message,
        List<BundleProperty> properties) implements Experimenter {
    public BundleAdd {
        Unsigned.u32("bundle_id", bundleId);
        flags = BundleFlag.setOf(flags);
        Objects.requireNonNull(message, "message");
        if (message.xid() != xid) {
            throw new IllegalArgumentException("bundled " + message.type() + " has xid " + message.xid()
                    + ", not the bundle add's " + xid);
        }
        if (message instanceof Experimenter) {
            throw new IllegalArgumentException("an experimenter message cannot be bundled");
        }
        properties = List.copyOf(properties);
    }

    /** Adds {@code message} to the bundle, under the message's own xid. */
    public static BundleAdd of(long bundleId, Collection<BundleFlag> flags, OfMessage message) {
        return new BundleAdd(message.xid(), bundleId, Set.copyOf(flags), message, List.of());
    }

    @Override
    public long experimenter() {
        return ONF;
    }

    @Override
    public long expType() {
        return ONF_ET_BUNDLE_ADD_MESSAGE;
    }
}
