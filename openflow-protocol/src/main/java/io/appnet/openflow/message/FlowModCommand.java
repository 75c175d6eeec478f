package io.appnet.openflow.message;

/** {@code enum ofp_flow_mod_command}. */
public enum FlowModCommand {
    /** Add a flow, replacing one of the same match and priority. */
    ADD,
    /** Change the instructions of every flow the match covers. */
    MODIFY,
    /** Change the instructions of the flow of exactly this match and priority. */
    MODIFY_STRICT,
    /** Remove every flow the match covers. */
    DELETE,
    /** Remove the flow of exactly this match and priority. */
    DELETE_STRICT;

    private static final FlowModCommand[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    public static FlowModCommand fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown flow-mod command " + code);
        }
        return BY_CODE[code];
    }
}
