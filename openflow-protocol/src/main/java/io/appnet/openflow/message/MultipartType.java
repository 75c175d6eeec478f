package io.appnet.openflow.message;

/** {@code enum ofp_multipart_type} of OpenFlow 1.3. */
public enum MultipartType {
    DESC(0), FLOW(1), AGGREGATE(2), TABLE(3), PORT_STATS(4), QUEUE(5), GROUP(6), GROUP_DESC(7), GROUP_FEATURES(8),
    METER(9), METER_CONFIG(10), METER_FEATURES(11), TABLE_FEATURES(12), PORT_DESC(13), EXPERIMENTER(0xffff);

    private final int code;

    MultipartType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type of a wire code, or null when OpenFlow 1.3 defines none. */
    public static MultipartType fromCode(int code) {
        for (MultipartType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
