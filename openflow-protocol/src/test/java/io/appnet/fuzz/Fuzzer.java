package io.appnet.fuzz;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A mutational fuzzer, as AFL or libFuzzer without coverage feedback: nine in ten inputs are a corpus entry with
 * one to eight {@link Edit}s (bit flips, length-field edits, truncation, deletion, repetition, dictionary tokens,
 * splicing), one in ten is random bytes. Mutating real messages gets past the first length and type checks into
 * the deep parts of a decoder, where random bytes rarely go.
 *
 * <p>jqwik drives it: each try of a property passes a seed to {@link #run}, which feeds {@link #INPUTS_PER_TRY}
 * inputs drawn from that seed to the target under one {@link Watchdog}, so jqwik's per-try cost is paid once per
 * hundred inputs. A failure names the seed, the input's index and every input the target drew, in hex.
 */
public final class Fuzzer implements AutoCloseable {
    public static final int INPUTS_PER_TRY = 100;
    private static final int MAX_EDITS = 8;
    private static final int MAX_RANDOM_BYTES = 512;

    private final List<byte[]> seeds;
    private final Mutator mutator;
    private final Watchdog watchdog = new Watchdog();
    /** How deep the inputs went, by the targets' own labels: printed at the end, to show the corpus reaches. */
    private final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();
    /** What the worker is feeding, for the watchdog's report of a hang. */
    private volatile String current = "nothing";

    public Fuzzer(Corpus corpus, List<byte[]> dictionary) {
        this.seeds = corpus.inputs();
        this.mutator = new Mutator(seeds, dictionary);
    }

    /** Feeds {@link #INPUTS_PER_TRY} inputs made from {@code seed} to {@code target}. */
    public void run(long seed, Consumer<Draw> target) {
        watchdog.run(() -> {
            SplittableRandom seeds = new SplittableRandom(seed);
            for (int i = 0; i < INPUTS_PER_TRY; i++) {
                feed(new Draw(new Random(seeds.nextLong()), null), target, "input " + i + " of seed " + seed);
            }
        }, () -> current);
    }

    /** Feeds {@code input} unmutated, as the target's only input: how corpus regressions are replayed. */
    public void replay(String name, byte[] input, Consumer<Draw> target) {
        watchdog.run(() -> feed(new Draw(new Random(0), input), target, "corpus entry " + name), () -> current);
    }

    private void feed(Draw draw, Consumer<Draw> target, String which) {
        current = which;
        try {
            target.accept(draw);
        } catch (RuntimeException | AssertionError failure) {
            throw new AssertionError(which + " failed; the target drew " + draw.describe() + "\n" + failure, failure);
        } finally {
            current = "nothing";
        }
    }

    @Override
    public void close() {
        watchdog.close();
        System.out.println("fuzz outcomes: " + outcomes);
    }

    /** One input's bytes and choices, all from one random source. */
    public final class Draw {
        private final Random random;
        private final byte[] fixed;
        private final List<byte[]> drawn = new ArrayList<>();

        private Draw(Random random, byte[] fixed) {
            this.random = random;
            this.fixed = fixed;
        }

        /** The target's choices beyond the bytes (which request to answer, whether to fix a length...). */
        public Random random() {
            return random;
        }

        /** Counts this input under {@code label} ("decoded", "closed", "400"...). */
        public void outcome(String label) {
            outcomes.computeIfAbsent(label, key -> new LongAdder()).increment();
        }

        /** A fuzz input, or the replayed one. */
        public byte[] input() {
            return inputs(1).get(0);
        }

        /** One to {@code max} fuzz inputs, or the replayed one alone. */
        public List<byte[]> inputs(int max) {
            if (fixed != null) {
                drawn.add(fixed.clone());
                return List.of(fixed.clone());
            }
            List<byte[]> inputs = new ArrayList<>();
            for (int n = 1 + random.nextInt(max); inputs.size() < n; ) {
                byte[] input = random.nextInt(10) == 0 ? randomBytes() : mutated();
                drawn.add(input.clone());
                inputs.add(input);
            }
            return inputs;
        }

        /**
         * A corpus entry as it is (or the replayed input), for a target that mutates only a part of it with
         * {@link #mutate}: structure-aware fuzzing, so that most inputs get past the outer checks.
         */
        public byte[] entry() {
            return fixed != null ? fixed.clone() : seeds.get(random.nextInt(seeds.size())).clone();
        }

        /** {@code part} with one to eight edits (unchanged when replaying). */
        public byte[] mutate(byte[] part) {
            byte[] mutated = fixed != null ? part : mutator.apply(part, edits());
            drawn.add(mutated.clone());
            return mutated;
        }

        private byte[] randomBytes() {
            byte[] bytes = new byte[random.nextInt(MAX_RANDOM_BYTES + 1)];
            random.nextBytes(bytes);
            return bytes;
        }

        private byte[] mutated() {
            return mutator.apply(seeds.get(random.nextInt(seeds.size())), edits());
        }

        private List<Edit> edits() {
            List<Edit> edits = new ArrayList<>();
            // mostly few edits: an input close to a valid one gets deeper, as AFL's stacked mutations favour
            for (int n = 1 + random.nextInt(1 + random.nextInt(MAX_EDITS)); edits.size() < n; ) {
                Edit.Kind kind = Edit.Kind.values()[random.nextInt(Edit.Kind.values().length)];
                edits.add(new Edit(kind, random.nextInt(), random.nextInt(), random.nextInt()));
            }
            return edits;
        }

        private String describe() {
            StringBuilder text = new StringBuilder();
            for (byte[] input : drawn) {
                text.append("\n  ").append(HexFormat.of().formatHex(input));
            }
            return text.toString();
        }
    }
}
