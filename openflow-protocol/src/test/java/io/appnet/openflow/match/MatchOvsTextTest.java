package io.appnet.openflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Match#toOvsText()} against the table whose texts {@link MatchOvsOracleTest} proves with ovs-ofctl. */
class MatchOvsTextTest {

    static List<MatchCases.Case> cases() {
        return MatchCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formatsAsOvsOfctl(MatchCases.Case c) {
        assertThat(c.match().toOvsText()).isEqualTo(c.ovsText());
    }
}
