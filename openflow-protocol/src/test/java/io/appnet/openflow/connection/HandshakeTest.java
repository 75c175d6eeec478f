package io.appnet.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.FeaturesRequest;
import io.appnet.openflow.message.Hello;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private final Handshake handshake = new Handshake(7);

    @Test
    void helloWithBitmapOffering13LeadsToFeaturesThenEstablished() {
        Handshake.Step afterHello = handshake.onMessage(new Hello(1, 6, (1 << 4) | (1 << 6)));
        assertThat(afterHello).isEqualTo(new Handshake.Step.Send(new FeaturesRequest(7)));
        FeaturesReply features = new FeaturesReply(7, 0xabcdL, 0, 254, 0, 0);
        assertThat(handshake.onMessage(features)).isEqualTo(new Handshake.Step.Established(features));
        assertThat(handshake.state()).isEqualTo(Handshake.State.ESTABLISHED);
    }

    @Test
    void helloWithoutBitmapAcceptsAnyHeaderVersionFrom13Up() {
        assertThat(handshake.onMessage(new Hello(1, 5, 0))).isInstanceOf(Handshake.Step.Send.class);
    }

    @Test
    void openFlow10OnlyPeerGetsHelloFailedIncompatible() {
        Handshake.Step step = handshake.onMessage(new Hello(3, 1, 0));
        assertThat(step).isInstanceOf(Handshake.Step.Fail.class);
        ErrorMessage error = (ErrorMessage) ((Handshake.Step.Fail) step).farewell().orElseThrow();
        assertThat(error.errorType()).isEqualTo(0);
        assertThat(error.errorCode()).isEqualTo(0);
        assertThat(error.xid()).isEqualTo(3);
        assertThat(handshake.state()).isEqualTo(Handshake.State.FAILED);
    }

    @Test
    void bitmapWithoutVersion13FailsEvenIfHeaderVersionIsHigher() {
        assertThat(handshake.onMessage(new Hello(1, 6, 1 << 6))).isInstanceOf(Handshake.Step.Fail.class);
    }

    @Test
    void anythingButHelloFirstIsAProtocolViolation() {
        assertThat(handshake.onMessage(new BarrierReply(1))).isInstanceOf(Handshake.Step.Fail.class);
    }

    @Test
    void featuresReplyWithAnotherXidIsIgnored() {
        handshake.onMessage(Hello.of13(1));
        assertThat(handshake.onMessage(new FeaturesReply(8, 1, 0, 1, 0, 0)))
                .isInstanceOf(Handshake.Step.Ignore.class);
        assertThat(handshake.state()).isEqualTo(Handshake.State.WAIT_FEATURES);
    }
}
