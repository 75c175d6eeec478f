package io.appnet.openflow.message;

/**
 * {@code enum ofp_controller_role}. OpenFlow 1.3 calls the last two MASTER and SLAVE; Open vSwitch prints them
 * as "primary" and "secondary".
 */
public enum ControllerRole {
    NOCHANGE, EQUAL, MASTER, SLAVE;

    private static final ControllerRole[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    public static ControllerRole fromCode(long code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown controller role " + code);
        }
        return BY_CODE[(int) code];
    }
}
