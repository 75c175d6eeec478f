package io.appnet.openflow.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ErrorMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodesTest {
    @Test
    void standardErrorsReadLikeOvsNamesThemWithTheirMeaning() {
        assertThat(ErrorCodes.describe(2, 4))
                .isEqualTo("OFPBAC_BAD_OUT_PORT (bad action: problem validating output port)");
        assertThat(ErrorCodes.describe(0, 0)).isEqualTo("OFPHFC_INCOMPATIBLE (hello failed: no compatible version)");
        assertThat(ErrorCodes.describe(5, 3)).startsWith("OFPFMFC_OVERLAP (flow mod failed: ");
        assertThat(ErrorCodes.describe(13, 2)).startsWith("OFPBPC_BAD_TYPE (table features failed: ");
    }

    @Test
    void unknownNumbersSayWhatIsKnown() {
        assertThat(ErrorCodes.describe(2, 99)).isEqualTo("OFPET_BAD_ACTION unknown code 99 (bad action)");
        assertThat(ErrorCodes.describe(77, 1)).isEqualTo("unknown error type 77 code 1");
        assertThat(ErrorCodes.describeExperimenter(0x1234, 5))
                .isEqualTo("unknown experimenter error exp_type 5 of experimenter 0x1234");
    }

    @Test
    void experimenterErrorsAreNamedByExperimenterAndExpType() {
        ErrorMessage badBundle = new ErrorMessage(1, ErrorCodes.EXPERIMENTER, 2302, Bytes.ofHex("4f4e4600"));
        ErrorMessage mustBeZero = new ErrorMessage(1, ErrorCodes.EXPERIMENTER, 11, Bytes.ofHex("00002320"));

        assertThat(ErrorCodes.describe(badBundle))
                .isEqualTo("OFPBFC_BAD_ID (bundle failed: bundle ID doesn't exist)");
        assertThat(ErrorCodes.describe(mustBeZero)).startsWith("NXBAC_MUST_BE_ZERO (bad action: ");
        assertThat(ErrorCodes.describe(0xffff, 2302)).contains("exp_type 2302");
        assertThat(ErrorCodes.describe(new ErrorMessage(1, 0xffff, 2302, Bytes.EMPTY)))
                .isEqualTo("experimenter error exp_type 2302 without experimenter id");
    }

    @Test
    void anErrorPrintsTheRequestItRefersTo() {
        ErrorMessage error = new ErrorMessage(9, ErrorCodes.BAD_REQUEST, 1,
                Bytes.ofHex(GoldenMessagesTest.hex(new BarrierRequest(9))));

        assertThat(error.toString()).isEqualTo("ErrorMessage[xid=9, OFPBRC_BAD_TYPE (bad request: "
                + "ofp_header.type not supported); request BarrierRequest[xid=9]]");
    }

    @Test
    void aTruncatedOrUndecodableRequestIsShownAsBytes() {
        ErrorMessage truncated = new ErrorMessage(9, ErrorCodes.BAD_REQUEST, 6, Bytes.ofHex("04140010000000090000"));
        ErrorMessage unknownType = new ErrorMessage(9, ErrorCodes.BAD_REQUEST, 1, Bytes.ofHex("0463000800000009"));

        assertThat(ErrorCodes.format(truncated)).endsWith("; request (10 of 16 bytes) 04140010000000090000");
        assertThat(ErrorCodes.format(unknownType))
                .endsWith("; request (undecodable: unsupported message type 99) 0463000800000009");
    }

    @Test
    void helloFailedCarriesText() {
        ErrorMessage error = new ErrorMessage(1, ErrorCodes.HELLO_FAILED, 0,
                Bytes.of("We support version 0x04\u0000junk".getBytes(StandardCharsets.US_ASCII)));

        assertThat(ErrorCodes.format(error))
                .isEqualTo("OFPHFC_INCOMPATIBLE (hello failed: no compatible version): \"We support version 0x04\"");
    }

    @Test
    void theCatalogHasEveryOpenFlow13ErrorOnce() {
        Set<String> names = new HashSet<>();
        for (ErrorCatalog.Numbered e : ErrorCatalog.all()) {
            assertThat(names.add(e.entry().name())).as(e.entry().name()).isTrue();
        }
        // the last code of each OpenFlow 1.3 error type, the ONF bundle errors and Nicira ones OVS sends
        assertThat(names).contains("OFPHFC_EPERM", "OFPBRC_MULTIPART_BUFFER_OVERFLOW", "OFPBIC_EPERM",
                "OFPBMC_EPERM", "OFPGMFC_EPERM", "OFPPMFC_EPERM", "OFPTMFC_EPERM", "OFPQOFC_EPERM", "OFPSCFC_EPERM",
                "OFPRRFC_BAD_ROLE", "OFPMMFC_OUT_OF_BANDS", "OFPTFFC_EPERM", "OFPBFC_BUNDLE_IN_PROGRESS",
                "NXBAC_BAD_CONJUNCTION", "NXBAC_CT_DATAPATH_SUPPORT");
    }
}
