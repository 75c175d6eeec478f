package io.appnet.fuzz;

/**
 * One change to an input, as the mutational fuzzers (AFL, libFuzzer) make them. The numbers are raw draws; the
 * {@link Mutator} reduces them modulo the input's length, so any edit applies to any input.
 */
public record Edit(Kind kind, int position, int value, int length) {

    public enum Kind {
        /** Flip one bit. */
        FLIP_BIT,
        /** Overwrite one byte. */
        SET_BYTE,
        /** Overwrite a big-endian 16-bit word with an interesting value: where OpenFlow keeps its lengths. */
        SET_U16,
        /** Overwrite a big-endian 32-bit word with an interesting value. */
        SET_U32,
        /** Cut the input short. */
        TRUNCATE,
        /** Remove a run of bytes. */
        DELETE,
        /** Repeat a run of bytes in place (deeper nesting, more list entries, a longer string). */
        DUPLICATE,
        /** Insert a token of the target's dictionary (a JSON keyword, an OpenFlow type code...). */
        INSERT_TOKEN,
        /** Replace the tail with the tail of another corpus entry. */
        SPLICE
    }
}
