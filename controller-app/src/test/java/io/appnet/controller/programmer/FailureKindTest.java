package io.appnet.controller.programmer;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.connection.OfErrorException;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ErrorMessage;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Only an OpenFlow error from the switch is a refusal; a session that ended or a request that timed out is not. */
class FailureKindTest {

    @Test
    void anErrorFromTheSwitchIsARefusal() {
        OfErrorException error = new OfErrorException(new ErrorMessage(7, 5, 0, Bytes.of(new byte[0])));

        assertThat(SwitchProgrammer.refusal(error)).isTrue();
        assertThat(SwitchProgrammer.refusal(new CompletionException(error))).isTrue();
    }

    @Test
    void aClosedSessionOrATimeoutIsNot() {
        assertThat(SwitchProgrammer.refusal(new CompletionException(new ClosedChannelException()))).isFalse();
        assertThat(SwitchProgrammer.refusal(new TimeoutException("no barrier reply in 30 s"))).isFalse();
    }
}
