package io.appnet.openflow.codec;

import io.appnet.fuzz.Corpus;
import io.appnet.fuzz.FuzzInputs;
import io.appnet.fuzz.Watchdog;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The OpenFlow decoder fuzzed from the corpus in {@code fuzz-corpus/openflow} (every golden message, which
 * Open vSwitch reads back, and the messages a switch sends in a session): whatever the frame, {@link OfMessageCodec#decode}
 * returns a message or throws {@link OfDecodeException}, within the {@link Watchdog}'s limit, allocating in
 * proportion to the frame and never to a length it claims. The number of tries is jqwik's default
 * ({@code jqwik.tries.default}): a short run in the normal build, a million with {@code -Pfuzz}.
 */
public class OpenFlowDecoderFuzzProperties {
    public static final Corpus CORPUS = Corpus.load("openflow");
    /** Headers a decoder dispatches on: message types, OXM, action, instruction and multipart headers. */
    public static final List<byte[]> DICTIONARY = hex("04", "00", "ff", "0d", "0e", "13", "12", "21", "22", "0001", "0008",
            "0010", "ffff", "fff8", "80000004", "80000a02", "8000000c", "ffff0018", "00002320", "4f4e4600",
            "00040008", "00010008", "00000010ffffffff", "0019001080004c08", "ffffffffffffffff");
    private static final Watchdog WATCHDOG = new Watchdog();

    @Property
    void anyFrameDecodesOrFailsWithTheDecodeError(@ForAll("frames") byte[] frame) {
        WATCHDOG.run(() -> DecoderRobustnessProperties.checkDecode(frame));
    }

    /** The corpus as it is, so every input that once found a bug is replayed on every build. */
    @Example
    void everyCorpusEntryDecodesOrFailsWithTheDecodeError() {
        CORPUS.inputs().forEach(frame -> WATCHDOG.run(() -> DecoderRobustnessProperties.checkDecode(frame)));
    }

    @AfterContainer
    static void stopWatchdog() {
        WATCHDOG.close();
    }

    /** Mutated frames, half with the header's length made true again so that the body's own lengths are tested. */
    @Provide
    Arbitrary<byte[]> frames() {
        return Combinators.combine(FuzzInputs.of(CORPUS, DICTIONARY), Arbitraries.of(true, false))
                .as((frame, fixLength) -> fixLength ? withTrueLength(frame) : frame);
    }

    public static byte[] withTrueLength(byte[] mutated) {
        byte[] frame = mutated.clone();
        if (frame.length >= 4 && frame.length <= 0xffff) {
            frame[2] = (byte) (frame.length >> 8);
            frame[3] = (byte) frame.length;
        }
        return frame;
    }

    public static List<byte[]> hex(String... values) {
        return Arrays.stream(values).map(HexFormat.of()::parseHex).toList();
    }
}
