package io.appnet.compiler.flow;

/** Bits {@code offset .. offset+bits-1} of a field, as {@code move} addresses them ({@code NXM_NX_REG0[0..23]}). */
public record FieldSlice(MatchField field, int offset, int bits) {

    public FieldSlice {
        if (field.nxmName() == null) {
            throw new IllegalArgumentException(field.matchName() + " cannot be read or written by move");
        }
        if (offset < 0 || bits < 1 || offset + bits > field.bits()) {
            throw new IllegalArgumentException("bits " + offset + ".." + (offset + bits - 1)
                    + " are outside " + field.matchName() + " (" + field.bits() + " bits)");
        }
    }

    /** The whole field. */
    public static FieldSlice of(MatchField field) {
        return new FieldSlice(field, 0, field.bits());
    }

    public static FieldSlice of(MatchField field, int offset, int bits) {
        return new FieldSlice(field, offset, bits);
    }

    /** The mask of the slice's bits within the field. */
    public long mask() {
        long ones = bits == 64 ? -1L : (1L << bits) - 1;
        return ones << offset;
    }

    @Override
    public String toString() {
        String range;
        if (offset == 0 && bits == field.bits()) {
            range = "[]";
        } else if (bits == 1) {
            range = "[" + offset + "]";
        } else {
            range = "[" + offset + ".." + (offset + bits - 1) + "]";
        }
        return field.nxmName() + range;
    }
}
