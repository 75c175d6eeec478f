package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.FeaturesRequest;
import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.OfMessage;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes a peer sends, {@link OfMessageCodec#decode} either returns a message or throws
 * {@link OfDecodeException}, and allocates in proportion to the frame, never to a length the bytes claim.
 * Frames are random bodies under every type code, and truncations, length-field mutations and byte flips of a
 * valid example of every message type.
 */
class DecoderRobustnessProperties {
    /** Most bytes a decode may allocate: a multiple of the frame plus a fixed allowance (exception, stack trace). */
    private static final int ALLOCATION_PER_FRAME_BYTE = 16;
    private static final int ALLOCATION_ALLOWANCE = 16 * 1024;
    private static final List<byte[]> VALID = valid();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Property(tries = 3000)
    void randomBodiesOfEveryType(@ForAll("randomBodies") byte[] frame) {
        checkDecode(frame);
    }

    @Property(tries = 3000)
    void truncatedMessages(@ForAll("truncations") byte[] frame) {
        checkDecode(frame);
    }

    @Property(tries = 3000)
    void mutatedLengthFields(@ForAll("lengthMutations") byte[] frame) {
        checkDecode(frame);
    }

    @Property(tries = 3000)
    void flippedBytes(@ForAll("byteFlips") byte[] frame) {
        checkDecode(frame);
    }

    @Provide
    Arbitrary<byte[]> randomBodies() {
        Arbitrary<Integer> types = Arbitraries.oneOf(Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(0, 255));
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Integer> versions = Arbitraries.of(4, 4, 4, 1, 5);
        return Combinators.combine(versions, types, bodies, Arbitraries.integers()).as((version, type, body, xid) -> {
            byte[] frame = new byte[8 + body.length];
            frame[0] = version.byteValue();
            frame[1] = type.byteValue();
            setShort(frame, 2, frame.length);
            setInt(frame, 4, xid);
            System.arraycopy(body, 0, frame, 8, body.length);
            return frame;
        });
    }

    @Provide
    Arbitrary<byte[]> truncations() {
        return Arbitraries.of(VALID).flatMap(valid -> Combinators.combine(
                Arbitraries.integers().between(0, valid.length - 1), Arbitraries.of(true, false))
                .as((cut, patchLength) -> {
                    byte[] frame = Arrays.copyOf(valid, cut);
                    if (patchLength && cut >= 4) {
                        setShort(frame, 2, cut);
                    }
                    return frame;
                }));
    }

    @Provide
    Arbitrary<byte[]> lengthMutations() {
        return Arbitraries.of(VALID).flatMap(valid -> {
            Arbitrary<Integer> values = Arbitraries.oneOf(Arbitraries.of(0, 1, 3, 4, 7, 8, 9, 16, 0xff, 0x7fff, 0xffff),
                    Arbitraries.integers().between(Math.max(0, valid.length - 16), valid.length + 16),
                    Arbitraries.integers().between(0, 0xffff));
            // offset 2 is the header's length; every other even offset may be a length of the body
            Arbitrary<Integer> offsets = Arbitraries.integers().between(4, valid.length - 2).map(o -> o & ~1);
            return Combinators.combine(offsets, values, Arbitraries.integers().between(1, 3)).as((offset, value, n) -> {
                byte[] frame = valid.clone();
                for (int i = 0; i < n; i++) {
                    setShort(frame, (offset + 8 * i) % (frame.length - 1), value);
                }
                return frame;
            });
        });
    }

    @Provide
    Arbitrary<byte[]> byteFlips() {
        return Arbitraries.of(VALID).filter(valid -> valid.length > 8)
                .flatMap(valid -> Arbitraries.integers().between(8, valid.length - 1)
                .list().ofMinSize(1).ofMaxSize(4).flatMap(offsets -> Arbitraries.bytes().list()
                        .ofSize(offsets.size()).map(values -> {
                            byte[] frame = valid.clone();
                            for (int i = 0; i < offsets.size(); i++) {
                                frame[offsets.get(i)] = values.get(i);
                            }
                            return frame;
                        })));
    }

    /**
     * Decodes {@code frame}, failing on any exception but the decode error and on allocation beyond the bound;
     * true if it decoded.
     */
    static boolean checkDecode(byte[] frame) {
        // first run: class loading and call-site linkage are not the decoder's allocations
        boolean decoded = decodeQuietly(frame);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        decodeQuietly(frame);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated decoding a frame of %d bytes: %s", frame.length,
                HexFormat.of().formatHex(frame)).isLessThanOrEqualTo(
                (long) ALLOCATION_PER_FRAME_BYTE * frame.length + ALLOCATION_ALLOWANCE);
        return decoded;
    }

    /** Decodes; anything thrown but {@link OfDecodeException} escapes and fails the property. */
    private static boolean decodeQuietly(byte[] frame) {
        try {
            OfMessageCodec.decode(Unpooled.wrappedBuffer(frame));
            return true;
        } catch (OfDecodeException expected) {
            return false; // the bytes were not a valid message; saying so is the decoder's job
        }
    }

    private static List<byte[]> valid() {
        List<byte[]> valid = new ArrayList<>();
        for (MessageFixtures.Named fixture : MessageFixtures.all()) {
            valid.add(encode(fixture.message()));
        }
        for (OfMessage message : List.of(Hello.of13(1), new EchoRequest(2, Bytes.ofHex("0102")),
                new EchoReply(3, Bytes.EMPTY), new FeaturesRequest(4), new FeaturesReply(5, 0x42, 256, 254, 0, 0x4f),
                new BarrierRequest(6), new BarrierReply(7))) {
            valid.add(encode(message));
        }
        return valid;
    }

    private static byte[] encode(OfMessage message) {
        return HexFormat.of().parseHex(GoldenMessagesTest.hex(message));
    }

    private static void setShort(byte[] frame, int offset, int value) {
        frame[offset] = (byte) (value >> 8);
        frame[offset + 1] = (byte) value;
    }

    private static void setInt(byte[] frame, int offset, int value) {
        setShort(frame, offset, value >>> 16);
        setShort(frame, offset + 2, value);
    }
}
