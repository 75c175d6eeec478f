package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ErrorMessage;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each error number in our catalog is the error Open vSwitch's ovs-ofctl names the same way. */
@Tag("ovs-tools")
class ErrorCodesOvsOracleTest {
    static List<ErrorCatalog.Numbered> errors() {
        return ErrorCatalog.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void ovsNamesTheErrorAsWeDo(ErrorCatalog.Numbered error) {
        Bytes data = error.experimenter() == 0 ? Bytes.EMPTY
                : Bytes.ofHex(String.format("%08x", error.experimenter()));
        ErrorMessage message = new ErrorMessage(1, error.type(), error.code(), data);

        String printed = OvsPrint.of(message);

        assertThat(printed.lines().findFirst().orElseThrow())
                .isEqualTo("OFPT_ERROR (OF1.3) (xid=0x1): " + error.entry().name());
        assertThat(ErrorCodes.describe(message)).startsWith(error.entry().name() + " (");
    }
}
