package io.appnet.openflow.message;

/**
 * The EXPERIMENTER messages ({@code struct ofp_experimenter_header}): the ONF bundle messages Open vSwitch
 * accepts on OpenFlow 1.3, and any other experimenter's, kept opaque.
 */
public sealed interface Experimenter extends OfMessage permits BundleControl, BundleAdd, ExperimenterMessage {
    /** The ONF experimenter id ({@code ONF_VENDOR_ID}). */
    long ONF = 0x4F4E4600L;
    /** {@code ONF_ET_BUNDLE_CONTROL}, OpenFlow 1.3's form of {@code OFPT_BUNDLE_CONTROL}. */
    int ONF_ET_BUNDLE_CONTROL = 2300;
    /** {@code ONF_ET_BUNDLE_ADD_MESSAGE}, OpenFlow 1.3's form of {@code OFPT_BUNDLE_ADD_MESSAGE}. */
    int ONF_ET_BUNDLE_ADD_MESSAGE = 2301;

    /** Experimenter id (unsigned 32 bits). */
    long experimenter();

    /** Experimenter-defined message type (unsigned 32 bits). */
    long expType();

    @Override
    default OfType type() {
        return OfType.EXPERIMENTER;
    }
}
