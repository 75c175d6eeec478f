package io.appnet.openflow.message;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * ONF bundle add ({@code ONF_ET_BUNDLE_ADD_MESSAGE}): adds {@code message} to open bundle {@code bundleId}.
 * The embedded message carries the outer xid (Open vSwitch rejects a mismatch with
 * {@code OFPBFC_MSG_BAD_XID}), so {@link #of} takes the xid from it.
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
        if (!isBundlable(message.type())) {
            throw new IllegalArgumentException("Open vSwitch does not bundle a " + message.type());
        }
        properties = List.copyOf(properties);
    }

    /** Adds {@code message} to the bundle, under the message's own xid. */
    public static BundleAdd of(long bundleId, Collection<BundleFlag> flags, OfMessage message) {
        return new BundleAdd(message.xid(), bundleId, Set.copyOf(flags), message, List.of());
    }

    /**
     * The message types Open vSwitch accepts in a bundle ({@code ofputil_is_bundlable}); it answers others with
     * {@code OFPBFC_MSG_UNSUP}.
     */
    public static boolean isBundlable(OfType type) {
        return type == OfType.FLOW_MOD || type == OfType.GROUP_MOD || type == OfType.PORT_MOD
                || type == OfType.PACKET_OUT;
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
