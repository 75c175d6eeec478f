package io.appnet.openflow.match;

/** The {@code oxm_class} values of the OXM header (OpenFlow 1.3 7.2.3.2; Open vSwitch {@code nx-match.h}). */
public final class OxmClass {
    /** Nicira's original fields, {@code NXM_OF_*} (OpenFlow 1.0 fields in NXM form). */
    public static final int NXM_0 = 0x0000;
    /** Nicira extension fields, {@code NXM_NX_*}: registers, tunnel endpoints, conntrack. */
    public static final int NXM_1 = 0x0001;
    public static final int OPENFLOW_BASIC = 0x8000;
    /** Followed by a 32-bit experimenter ID that the header's length covers. */
    public static final int EXPERIMENTER = 0xffff;

    private OxmClass() {
    }
}
