package io.appnet.openflow.message;

/** Why a PORT_STATUS was sent ({@code enum ofp_port_reason}). */
public enum PortReason {
    ADD, DELETE, MODIFY;

    private static final PortReason[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    public static PortReason fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown port status reason " + code);
        }
        return BY_CODE[code];
    }
}
