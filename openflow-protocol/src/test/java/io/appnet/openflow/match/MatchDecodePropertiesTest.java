package io.appnet.openflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.codec.OfDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever bytes arrive, {@link Match#decode} either returns a match or throws {@link OfDecodeException}. */
class MatchDecodePropertiesTest {

    @Property(tries = 3000)
    void randomBytesNeverThrowAnythingElse(@ForAll @Size(max = 200) byte[] bytes) {
        decodeCleanly(bytes);
    }

    /** Random TLV soup behind a well-formed header, so decoding gets past the header checks. */
    @Property(tries = 3000)
    void randomTlvsBehindAValidHeaderNeverThrowAnythingElse(@ForAll @Size(max = 120) byte[] tlvs,
            @ForAll @IntRange(min = -8, max = 8) int lengthError) {
        ByteBuf b = Unpooled.buffer();
        b.writeShort(Match.TYPE_OXM);
        b.writeShort(Math.max(0, 4 + tlvs.length + lengthError));
        b.writeBytes(tlvs);
        b.writeZero(8);
        decodeCleanly(ByteBufUtil.getBytes(b));
    }

    @Property(tries = 3000)
    void mutatedValidMatchesNeverThrowAnythingElse(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] bytes = encode(RandomMatches.generate(r));
        int mutations = 1 + r.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            bytes = mutate(bytes, r);
        }
        decodeCleanly(bytes);
    }

    @Property(tries = 1000)
    void validMatchesRoundTripByteForByte(@ForAll long seed) {
        Match match = RandomMatches.generate(new Random(seed));
        byte[] bytes = encode(match);
        assertThat(bytes).hasSize(match.wireLength());
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        Match decoded = Match.decode(in);
        assertThat(in.isReadable()).isFalse();
        assertThat(decoded).isEqualTo(match);
        assertThat(encode(decoded)).isEqualTo(bytes);
        assertThat(decoded.toOvsText()).isEqualTo(match.toOvsText());
    }

    /** Decodes; a decoded match that meets prerequisites must survive a second round trip unchanged. */
    private static void decodeCleanly(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        Match match;
        try {
            match = Match.decode(in);
        } catch (OfDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return;
        }
        assertThat(in.readerIndex()).isLessThanOrEqualTo(bytes.length);
        assertThat(match.toOvsText()).isNotNull();
        byte[] again;
        try {
            again = encode(match);
        } catch (IllegalArgumentException missingPrerequisite) {
            return;
        }
        assertThat(Match.decode(Unpooled.wrappedBuffer(again))).isEqualTo(match);
    }

    private static byte[] mutate(byte[] bytes, Random r) {
        int at = bytes.length == 0 ? 0 : r.nextInt(bytes.length);
        switch (r.nextInt(4)) {
            case 0 -> {
                byte[] copy = bytes.clone();
                if (copy.length > 0) {
                    copy[at] ^= (byte) (1 << r.nextInt(8));
                }
                return copy;
            }
            case 1 -> {
                byte[] copy = bytes.clone();
                if (copy.length > 0) {
                    copy[at] = (byte) r.nextInt(256);
                }
                return copy;
            }
            case 2 -> {
                byte[] copy = new byte[at];
                System.arraycopy(bytes, 0, copy, 0, at);
                return copy;
            }
            default -> {
                byte[] insert = new byte[1 + r.nextInt(8)];
                r.nextBytes(insert);
                byte[] copy = new byte[bytes.length + insert.length];
                System.arraycopy(bytes, 0, copy, 0, at);
                System.arraycopy(insert, 0, copy, at, insert.length);
                System.arraycopy(bytes, at, copy, at + insert.length, bytes.length - at);
                return copy;
            }
        }
    }

    private static byte[] encode(Match match) {
        ByteBuf out = Unpooled.buffer();
        match.encode(out);
        return ByteBufUtil.getBytes(out);
    }
}
