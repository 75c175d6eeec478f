package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Open vSwitch's ovs-ofctl reads every example message we encode, with the values we put in. */
@Tag("ovs-tools")
class MessagesOvsOracleTest {
    static List<MessageFixtures.Named> fixtures() {
        return MessageFixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void ovsDecodesOurBytesWithTheValuesWePutIn(MessageFixtures.Named fixture) {
        String printed = OvsPrint.of(fixture.message());

        // "***" marks every complaint of ofp-print: decode errors, truncation, unused bytes, length mismatches
        assertThat(printed).doesNotContain("***");
        for (String expected : fixture.ovsText()) {
            assertThat(printed).contains(expected);
        }
    }
}
