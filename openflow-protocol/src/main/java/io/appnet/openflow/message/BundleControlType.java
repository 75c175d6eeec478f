package io.appnet.openflow.message;

/** {@code enum ofp14_bundle_ctrl_type}: requests from the controller and the switch's replies. */
public enum BundleControlType {
    OPEN_REQUEST, OPEN_REPLY, CLOSE_REQUEST, CLOSE_REPLY, COMMIT_REQUEST, COMMIT_REPLY, DISCARD_REQUEST,
    DISCARD_REPLY;

    private static final BundleControlType[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    public static BundleControlType fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown bundle control type " + code);
        }
        return BY_CODE[code];
    }
}
