package io.appnet.openflow.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.codec.OfDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever the bytes, decoding either succeeds or throws {@link OfDecodeException}, never reads past the list,
 * and what it returns re-encodes to bytes that decode to the same value.
 */
class ActionDecodeProperties {

    @Property(tries = 2000)
    void randomBytesOnlyEverFailWithOfDecodeException(@ForAll @Size(max = 200) byte[] bytes,
            @ForAll @IntRange(min = -8, max = 256) int length) {
        checkDecoders(bytes, length);
    }

    @Property(tries = 3000)
    void mutatedValidListsOnlyEverFailWithOfDecodeException(@ForAll("mutatedEncodings") byte[] bytes) {
        checkDecoders(bytes, bytes.length & ~7);
    }

    @Provide
    Arbitrary<byte[]> mutatedEncodings() {
        List<byte[]> valid = ActionCases.all().stream().map(c -> {
            ByteBuf b = Unpooled.buffer();
            Instructions.encode(c.instructions(), b);
            return ByteBufUtil.getBytes(b);
        }).filter(b -> b.length > 0).toList();
        Arbitrary<byte[]> base = Arbitraries.of(valid);
        return Combinators.combine(base, Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 4))
                .as((bytes, position, value, changes) -> {
                    byte[] copy = bytes.clone();
                    for (int i = 0; i < changes; i++) {
                        copy[(position * (i + 7)) % copy.length] = (byte) (value + 31 * i);
                    }
                    return copy;
                });
    }

    private static void checkDecoders(byte[] bytes, int length) {
        checkActions(bytes, length);
        checkInstructions(bytes, length);
        // Actions alone: the same bytes after the 8-byte instruction header.
        if (bytes.length >= 8) {
            byte[] tail = java.util.Arrays.copyOfRange(bytes, 8, bytes.length);
            checkActions(tail, tail.length & ~7);
        }
    }

    private static void checkActions(byte[] bytes, int length) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        List<Action> decoded;
        try {
            decoded = Actions.decode(in, length);
        } catch (OfDecodeException expected) {
            return;
        }
        assertThat(in.readerIndex()).isEqualTo(length);
        ByteBuf out = Unpooled.buffer();
        Actions.encode(decoded, out);
        assertThat(Actions.decode(out, out.readableBytes())).isEqualTo(decoded);
        assertThat(Actions.toOvsText(decoded)).isNotEmpty();
    }

    private static void checkInstructions(byte[] bytes, int length) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        List<Instruction> decoded;
        try {
            decoded = Instructions.decode(in, length);
        } catch (OfDecodeException expected) {
            return;
        }
        assertThat(in.readerIndex()).isEqualTo(length);
        ByteBuf out = Unpooled.buffer();
        Instructions.encode(decoded, out);
        assertThat(Instructions.decode(out, out.readableBytes())).isEqualTo(decoded);
        assertThat(Instructions.toOvsText(decoded)).isNotEmpty();
    }
}
