package io.appnet.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * What a fuzz target is fed: nine in ten inputs are corpus entries with one to eight {@link Edit}s (bit flips,
 * length-field edits, truncation, deletion, repetition, dictionary tokens, splicing), one in ten is random bytes.
 * Mutating real messages gets past the first length and type checks into the deep parts of a decoder, where
 * random bytes rarely go.
 */
public final class FuzzInputs {
    private static final int MAX_EDITS = 8;
    private static final int MAX_RANDOM_BYTES = 512;

    private FuzzInputs() {
    }

    public static Arbitrary<byte[]> of(Corpus corpus, List<byte[]> dictionary) {
        List<byte[]> seeds = corpus.inputs();
        Mutator mutator = new Mutator(seeds, dictionary);
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(seeds), edits())
                .as(mutator::apply);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX_RANDOM_BYTES);
        return Arbitraries.frequencyOf(Tuple.of(9, mutated), Tuple.of(1, random));
    }

    public static Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.of(Edit.Kind.class), Arbitraries.integers(),
                Arbitraries.integers(), Arbitraries.integers()).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(MAX_EDITS);
    }
}
