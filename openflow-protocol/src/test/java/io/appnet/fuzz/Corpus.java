package io.appnet.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The seed inputs of one fuzz target, kept in the repository under {@code src/test/resources/fuzz-corpus/<target>/}:
 * real messages to mutate, and every input that once found a bug (named {@code regression-*}), which the target
 * replays unmutated on every build. A {@code .hex} file holds bytes as hex ({@code #} starts a comment line,
 * whitespace is ignored); any other file is taken byte for byte.
 */
public final class Corpus {
    private final Map<String, byte[]> entries;

    private Corpus(Map<String, byte[]> entries) {
        if (entries.isEmpty()) {
            throw new IllegalStateException("empty fuzz corpus");
        }
        this.entries = entries;
    }

    /** The corpus of {@code target}, read from the test classpath (a directory, as Maven runs tests). */
    public static Corpus load(String target) {
        URL url = Corpus.class.getClassLoader().getResource("fuzz-corpus/" + target);
        if (url == null) {
            throw new IllegalStateException("no fuzz-corpus/" + target + " on the test classpath");
        }
        Map<String, byte[]> entries = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            for (Path file : files.sorted().toList()) {
                entries.put(file.getFileName().toString(), read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new Corpus(entries);
    }

    private static byte[] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (!file.getFileName().toString().endsWith(".hex")) {
            return bytes;
        }
        StringBuilder hex = new StringBuilder();
        for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
            if (!line.startsWith("#")) {
                hex.append(line.replaceAll("\\s", ""));
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    /** This corpus and, for every entry, {@code variant} of it named with {@code suffix} appended. */
    public Corpus plus(String suffix, UnaryOperator<byte[]> variant) {
        Map<String, byte[]> more = new TreeMap<>(entries);
        entries.forEach((name, input) -> more.put(name + suffix, variant.apply(input)));
        return new Corpus(more);
    }

    /** Every entry by file name, in name order. */
    public Map<String, byte[]> entries() {
        return entries;
    }

    public List<byte[]> inputs() {
        return List.copyOf(entries.values());
    }
}
