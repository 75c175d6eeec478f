package io.appnet.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/** Applies {@link Edit}s to bytes: a pure function, so a failing input is rebuilt from its edits alone. */
public final class Mutator {
    /** Values that sit on the edges length checks get wrong. */
    private static final int[] INTERESTING = {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 0x7f, 0x80, 0xff, 0x100, 0x3fff,
            0x7fff, 0x8000, 0xfff0, 0xfffe, 0xffff, 0x7fff_ffff, 0x8000_0000, 0xffff_fff0, 0xffff_ffff};
    /** Longest run a single edit deletes or repeats. */
    private static final int MAX_RUN = 64;

    private final List<byte[]> corpus;
    private final List<byte[]> dictionary;

    public Mutator(List<byte[]> corpus, List<byte[]> dictionary) {
        this.corpus = List.copyOf(corpus);
        this.dictionary = List.copyOf(dictionary);
    }

    public byte[] apply(byte[] base, List<Edit> edits) {
        byte[] input = base;
        for (Edit edit : edits) {
            input = apply(input, edit);
        }
        return input;
    }

    private byte[] apply(byte[] in, Edit edit) {
        if (in.length == 0) {
            return edit.kind() == Edit.Kind.INSERT_TOKEN ? token(edit.value()) : in;
        }
        int at = Math.floorMod(edit.position(), in.length);
        int run = 1 + Math.floorMod(edit.length(), Math.min(MAX_RUN, in.length - at));
        byte[] out = in.clone();
        switch (edit.kind()) {
            case FLIP_BIT -> out[at] ^= (byte) (1 << Math.floorMod(edit.value(), 8));
            case SET_BYTE -> out[at] = (byte) edit.value();
            case SET_U16 -> setBigEndian(out, at, 2, interesting(edit.value(), in.length));
            case SET_U32 -> setBigEndian(out, at, 4, interesting(edit.value(), in.length));
            case TRUNCATE -> out = Arrays.copyOf(in, at);
            case DELETE -> out = concat(Arrays.copyOf(in, at), Arrays.copyOfRange(in, at + run, in.length));
            case DUPLICATE -> out = concat(Arrays.copyOf(in, at + run), Arrays.copyOfRange(in, at, in.length));
            case INSERT_TOKEN -> out = concat(Arrays.copyOf(in, at), token(edit.value()),
                    Arrays.copyOfRange(in, at, in.length));
            case SPLICE -> {
                byte[] other = corpus.get(Math.floorMod(edit.value(), corpus.size()));
                int from = other.length == 0 ? 0 : Math.floorMod(edit.length(), other.length);
                out = concat(Arrays.copyOf(in, at), Arrays.copyOfRange(other, from, other.length));
            }
        }
        return out;
    }

    /** Mostly the table's edge values, sometimes the input's own length nudged, as a length field would be. */
    private static int interesting(int draw, int inputLength) {
        int pick = Math.floorMod(draw, INTERESTING.length + 8);
        return pick < INTERESTING.length ? INTERESTING[pick] : inputLength + pick - INTERESTING.length - 4;
    }

    private byte[] token(int draw) {
        return dictionary.isEmpty() ? new byte[] {(byte) draw} : dictionary.get(Math.floorMod(draw, dictionary.size()));
    }

    private static void setBigEndian(byte[] bytes, int at, int width, int value) {
        for (int i = 0; i < width && at + i < bytes.length; i++) {
            bytes[at + i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
