package io.appnet.openflow.message;

/** OpenFlow 1.3 message types ({@code enum ofp_type}, openflow-1.3.h), with their wire codes. */
public enum OfType {
    HELLO(0), ERROR(1), ECHO_REQUEST(2), ECHO_REPLY(3), EXPERIMENTER(4),
    FEATURES_REQUEST(5), FEATURES_REPLY(6), GET_CONFIG_REQUEST(7), GET_CONFIG_REPLY(8), SET_CONFIG(9),
    PACKET_IN(10), FLOW_REMOVED(11), PORT_STATUS(12), PACKET_OUT(13), FLOW_MOD(14), GROUP_MOD(15),
    PORT_MOD(16), TABLE_MOD(17), MULTIPART_REQUEST(18), MULTIPART_REPLY(19), BARRIER_REQUEST(20),
    BARRIER_REPLY(21), QUEUE_GET_CONFIG_REQUEST(22), QUEUE_GET_CONFIG_REPLY(23), ROLE_REQUEST(24),
    ROLE_REPLY(25), GET_ASYNC_REQUEST(26), GET_ASYNC_REPLY(27), SET_ASYNC(28), METER_MOD(29);

    private static final OfType[] BY_CODE = values();

    private final int code;

    OfType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a wire code, or null when the code is not an OpenFlow 1.3 type. */
    public static OfType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
