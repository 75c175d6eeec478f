package io.appnet.openflow.message;

/** Range checks for the unsigned wire fields of message records, so a bad value fails where it is made. */
final class Unsigned {
    private Unsigned() {
    }

    static int u8(String field, int value) {
        return check(field, value, 0xff);
    }

    static int u16(String field, int value) {
        return check(field, value, 0xffff);
    }

    static long u32(String field, long value) {
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException(field + " " + value + " is not an unsigned 32-bit value");
        }
        return value;
    }

    private static int check(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " " + value + " is outside 0.." + max);
        }
        return value;
    }
}
