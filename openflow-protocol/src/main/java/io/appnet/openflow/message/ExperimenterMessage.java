package io.appnet.openflow.message;

import java.util.Objects;

/** An EXPERIMENTER message this codec does not model: ids and the data after them, as received. */
public record ExperimenterMessage(int xid, long experimenter, long expType, Bytes data) implements Experimenter {
    public ExperimenterMessage {
        Unsigned.u32("experimenter", experimenter);
        Unsigned.u32("exp_type", expType);
        Objects.requireNonNull(data, "data");
        if (experimenter == ONF && (expType == ONF_ET_BUNDLE_CONTROL || expType == ONF_ET_BUNDLE_ADD_MESSAGE)) {
            throw new IllegalArgumentException("ONF bundle messages are BundleControl and BundleAdd");
        }
    }
}
