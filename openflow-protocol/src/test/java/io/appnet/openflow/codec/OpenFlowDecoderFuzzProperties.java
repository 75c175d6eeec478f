package io.appnet.openflow.codec;

import io.appnet.fuzz.Corpus;
import io.appnet.fuzz.Fuzzer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The OpenFlow decoder fuzzed from the corpus in {@code fuzz-corpus/openflow} (every golden message, which
 * Open vSwitch reads back, and the messages a switch sends in a session): whatever the frame,
 * {@link OfMessageCodec#decode} returns a message or throws {@link OfDecodeException}, within the watchdog's limit,
 * allocating in proportion to the frame and never to a length it claims. Half the frames get their header's
 * length made true again, so that the lengths inside the body are what is tested. Each try feeds
 * {@link Fuzzer#INPUTS_PER_TRY} inputs; the number of tries is jqwik's default ({@code jqwik.tries.default}, from
 * {@code appnet.fuzz.tries}): a short run in the normal build, a million inputs with {@code -Pfuzz}.
 */
public class OpenFlowDecoderFuzzProperties {
    public static final Corpus CORPUS = Corpus.load("openflow");
    /** Headers a decoder dispatches on: message types, OXM, action, instruction and multipart headers. */
    public static final List<byte[]> DICTIONARY = hex("04", "00", "ff", "0d", "0e", "13", "12", "21", "22", "0001",
            "0008", "0010", "ffff", "fff8", "80000004", "80000a02", "8000000c", "ffff0018", "00002320", "4f4e4600",
            "00040008", "00010008", "00000010ffffffff", "0019001080004c08", "ffffffffffffffff");
    private static final Fuzzer FUZZER = new Fuzzer(CORPUS, DICTIONARY);

    @Property
    void anyFrameDecodesOrFailsWithTheDecodeError(@ForAll long seed) {
        FUZZER.run(seed, OpenFlowDecoderFuzzProperties::decode);
    }

    /** The corpus as it is, so every input that once found a bug is replayed on every build. */
    @Example
    void everyCorpusEntryDecodesOrFailsWithTheDecodeError() {
        CORPUS.entries().forEach((name, frame) -> FUZZER.replay(name, frame, OpenFlowDecoderFuzzProperties::decode));
    }

    @AfterContainer
    static void stopFuzzer() {
        FUZZER.close();
    }

    private static void decode(Fuzzer.Draw draw) {
        byte[] frame = draw.input();
        boolean fixLength = draw.random().nextBoolean();
        boolean decoded = DecoderRobustnessProperties.checkDecode(fixLength ? withTrueLength(frame) : frame);
        draw.outcome(decoded ? "decoded" : "refused");
    }

    /** The frame with its header's length field set to its real length (when that fits). */
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
