package io.appnet.openflow.message;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * ONF bundle control ({@code ONF_ET_BUNDLE_CONTROL} with {@code struct ofp14_bundle_ctrl_msg}): opens, closes,
 * commits or discards bundle {@code bundleId}, and the switch's reply to each. A bundle collects
 * {@link BundleAdd} messages and applies them on commit, atomically with {@link BundleFlag#ATOMIC}.
 */
public record BundleControl(int xid, long bundleId, BundleControlType controlType, Set<BundleFlag> flags,
        List<BundleProperty> properties) implements Experimenter {
    public BundleControl {
        Unsigned.u32("bundle_id", bundleId);
        Objects.requireNonNull(controlType, "controlType");
        flags = BundleFlag.setOf(flags);
        properties = List.copyOf(properties);
    }

    public static BundleControl open(int xid, long bundleId, Collection<BundleFlag> flags) {
        return request(xid, bundleId, BundleControlType.OPEN_REQUEST, flags);
    }

    public static BundleControl close(int xid, long bundleId, Collection<BundleFlag> flags) {
        return request(xid, bundleId, BundleControlType.CLOSE_REQUEST, flags);
    }

    public static BundleControl commit(int xid, long bundleId, Collection<BundleFlag> flags) {
        return request(xid, bundleId, BundleControlType.COMMIT_REQUEST, flags);
    }

    public static BundleControl discard(int xid, long bundleId, Collection<BundleFlag> flags) {
        return request(xid, bundleId, BundleControlType.DISCARD_REQUEST, flags);
    }

    private static BundleControl request(int xid, long bundleId, BundleControlType type,
            Collection<BundleFlag> flags) {
        return new BundleControl(xid, bundleId, type, BundleFlag.setOf(flags), List.of());
    }

    @Override
    public long experimenter() {
        return ONF;
    }

    @Override
    public long expType() {
        return ONF_ET_BUNDLE_CONTROL;
    }
}
