package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden round trips: the bytes of every example message decode to it and it encodes to them. */
class GoldenMessagesTest {
    static List<MessageFixtures.Named> fixtures() {
        return MessageFixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void goldenBytesDecodeToTheMessageAndEncodeBackToTheSameBytes(MessageFixtures.Named fixture) {
        String golden = golden().get(fixture.name());
        assertThat(golden).as("golden bytes of " + fixture.name()).isNotNull();

        OfMessage decoded = OfMessageCodec.decode(Unpooled.wrappedBuffer(HexFormat.of().parseHex(golden)));

        assertThat(decoded).isEqualTo(fixture.message());
        assertThat(hex(decoded)).isEqualTo(golden);
        assertThat(hex(fixture.message())).isEqualTo(golden);
    }

    @Test
    void everyMessageTypeOfThisPackageHasAGoldenExample() {
        Set<OfType> covered = fixtures().stream().map(f -> f.message().type()).collect(Collectors.toSet());
        Set<OfType> encoded = EnumSet.noneOf(OfType.class);
        MessageCodecs.all().forEach(codec -> encoded.add(codec.type()));
        encoded.add(OfType.ERROR); // the error with a decoded request

        assertThat(covered).containsAll(encoded);
        assertThat(golden().keySet()).containsExactlyInAnyOrderElementsOf(
                fixtures().stream().map(MessageFixtures.Named::name).toList());
    }

    static String hex(OfMessage message) {
        ByteBuf out = Unpooled.buffer();
        OfMessageCodec.encode(message, out);
        return ByteBufUtil.hexDump(out);
    }

    /** {@code golden-messages.txt}: fixture name to hex. */
    static Map<String, String> golden() {
        try (InputStream in = GoldenMessagesTest.class.getResourceAsStream("golden-messages.txt")) {
            Map<String, String> golden = new LinkedHashMap<>();
            String name = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("# ")) {
                    name = line.substring(2);
                } else if (!line.isBlank()) {
                    golden.put(name, line.strip());
                }
            }
            return golden;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
