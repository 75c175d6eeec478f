package io.appnet.openflow.codec;

import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfVersion;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Readable forms of OpenFlow 1.3 errors, named as Open vSwitch prints them: {@code describe(2, 4)} is
 * {@code "OFPBAC_BAD_OUT_PORT (bad action: problem validating output port)"}. Experimenter errors (type
 * {@code 0xffff}) carry their {@code exp_type} in the code field and the experimenter id in the first four
 * data bytes; {@link #describe(ErrorMessage)} reads both.
 */
public final class ErrorCodes {
    public static final int HELLO_FAILED = 0;
    public static final int BAD_REQUEST = 1;
    public static final int BAD_ACTION = 2;
    public static final int BAD_INSTRUCTION = 3;
    public static final int BAD_MATCH = 4;
    public static final int FLOW_MOD_FAILED = 5;
    /** The error type whose code is an experimenter-defined {@code exp_type}. */
    public static final int EXPERIMENTER = 0xffff;
    /** Experimenter id of Nicira extension errors. */
    public static final long NICIRA = ErrorCatalog.NICIRA;
    /** Experimenter id of ONF extension errors (bundles on OpenFlow 1.3). */
    public static final long ONF = ErrorCatalog.ONF;

    private ErrorCodes() {
    }

    /**
     * The name and meaning of a standard type and code. An experimenter error needs its experimenter id, so
     * for type {@code 0xffff} this says only that; use {@link #describe(ErrorMessage)} for those.
     */
    public static String describe(int type, int code) {
        if (type == EXPERIMENTER) {
            return "experimenter error exp_type " + code + " (experimenter id in the error data)";
        }
        ErrorCatalog.Entry entry = ErrorCatalog.standard(type, code);
        if (entry == null) {
            String typeName = ErrorCatalog.typeName(type);
            return typeName == null
                    ? "unknown error type " + type + " code " + code
                    : typeName + " unknown code " + code + " (" + ErrorCatalog.category(type) + ")";
        }
        return readable(entry);
    }

    /** The name and meaning of an experimenter error. */
    public static String describeExperimenter(long experimenter, int expType) {
        ErrorCatalog.Entry entry = ErrorCatalog.experimenter(experimenter, expType);
        if (entry == null) {
            return "unknown experimenter error exp_type " + expType + " of experimenter 0x"
                    + Long.toHexString(experimenter);
        }
        return readable(entry);
    }

    /** The name and meaning of the error in {@code error}, experimenter errors included. */
    public static String describe(ErrorMessage error) {
        if (error.errorType() != EXPERIMENTER) {
            return describe(error.errorType(), error.errorCode());
        }
        byte[] data = error.data().toArray();
        if (data.length < 4) {
            return "experimenter error exp_type " + error.errorCode() + " without experimenter id";
        }
        return describeExperimenter(Integer.toUnsignedLong(readInt(data, 0)), error.errorCode());
    }

    /**
     * The error with what it refers to: the offending request decoded when the data holds all of it, else its
     * header and bytes; the text of a HELLO_FAILED.
     */
    public static String format(ErrorMessage error) {
        String description = describe(error);
        byte[] data = error.data().toArray();
        if (error.errorType() == EXPERIMENTER) {
            data = Arrays.copyOfRange(data, Math.min(4, data.length), data.length);
        }
        if (data.length == 0) {
            return description;
        }
        if (error.errorType() == HELLO_FAILED) {
            return description + ": \"" + printable(data) + "\"";
        }
        return description + "; " + request(data);
    }

    private static String request(byte[] data) {
        if (data.length < OfVersion.HEADER_LENGTH) {
            return "data " + HexFormat.of().formatHex(data);
        }
        int length = (data[2] & 0xff) << 8 | (data[3] & 0xff);
        if (length != data.length) {
            return "request (" + data.length + " of " + length + " bytes) " + HexFormat.of().formatHex(data);
        }
        try {
            OfMessage request = OfMessageCodec.decode(Unpooled.wrappedBuffer(data));
            if (request instanceof ErrorMessage) { // no switch errs about an error; and printing one would nest
                return "data " + HexFormat.of().formatHex(data);
            }
            return "request " + request;
        } catch (OfDecodeException e) {
            return "request (undecodable: " + e.getMessage() + ") " + HexFormat.of().formatHex(data);
        }
    }

    private static String readable(ErrorCatalog.Entry entry) {
        return entry.name() + " (" + entry.category() + ": " + entry.description() + ")";
    }

    private static String printable(byte[] data) {
        StringBuilder text = new StringBuilder();
        for (byte b : data) {
            if (b == 0) {
                break;
            }
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return text.toString();
    }

    private static int readInt(byte[] data, int offset) {
        return (data[offset] & 0xff) << 24 | (data[offset + 1] & 0xff) << 16 | (data[offset + 2] & 0xff) << 8
                | (data[offset + 3] & 0xff);
    }
}
