package io.appnet.openflow.action;

import io.appnet.openflow.message.Bytes;

/**
 * An action this codec does not model (an unknown type, another experimenter, a Nicira subtype or field we do not
 * read), kept byte for byte so a flow dumped from a switch decodes and re-encodes unchanged.
 *
 * @param bytes the whole action, header included, exactly as on the wire
 */
public record UnknownAction(Bytes bytes) implements Action {
    static final int EXPERIMENTER = 0xffff;

    public UnknownAction {
        if (bytes == null) {
            throw new IllegalArgumentException("unknown action needs its bytes");
        }
        int length = bytes.length();
        if (length < 8 || length % 8 != 0 || length > 0xfff8) {
            throw new IllegalArgumentException("an action is 8..65528 bytes in steps of 8, got " + length);
        }
        byte[] b = bytes.toArray();
        int declared = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (declared != length) {
            throw new IllegalArgumentException("action header says " + declared + " bytes, has " + length);
        }
    }

    /** The {@code ofp_action_header} type; 0xffff for an experimenter action. */
    public int type() {
        byte[] b = bytes.toArray();
        return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    }

    /** The experimenter ID of an experimenter action (0x2320 for Nicira), else -1. */
    public long experimenter() {
        if (type() != EXPERIMENTER) {
            return -1;
        }
        byte[] b = bytes.toArray();
        return ((b[4] & 0xffL) << 24) | ((b[5] & 0xffL) << 16) | ((b[6] & 0xffL) << 8) | (b[7] & 0xffL);
    }

    /**
     * Not Open vSwitch text (ovs-ofctl would print its own name for the action, or refuse it): a marker that
     * names what was kept, {@code unknown(type=23,len=8)} or {@code unknown(experimenter=0x2320,len=24,...)}
     * with the bytes in hex.
     */
    @Override
    public String toOvsText() {
        String head = type() == EXPERIMENTER
                ? "experimenter=0x" + Long.toHexString(experimenter())
                : "type=" + type();
        return "unknown(" + head + ",len=" + bytes.length() + ",bytes=" + bytes + ")";
    }
}
