package io.appnet.compiler.flow;

/** One field of a {@link Match}: packets match when {@code (field & mask) == value}. */
public record FieldMatch(MatchField field, long value, long mask) {

    @Override
    public String toString() {
        return field.matchName() + "=" + FieldText.formatMasked(field, value, mask);
    }
}
