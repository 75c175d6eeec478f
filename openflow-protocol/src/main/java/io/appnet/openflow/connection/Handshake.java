package io.appnet.openflow.connection;

import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.FeaturesRequest;
import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The controller side of connection setup as a pure state machine: both peers send HELLO, the versions are
 * negotiated (only OpenFlow 1.3 is acceptable), then FEATURES_REQUEST/REPLY yields the datapath id. Every
 * input returns the {@link Step} the connection has to carry out, so this class needs no socket to be tested.
 */
final class Handshake {
    /** {@code OFPET_HELLO_FAILED} / {@code OFPHFC_INCOMPATIBLE}. */
    static final int HELLO_FAILED = 0;
    static final int INCOMPATIBLE = 0;

    enum State { WAIT_HELLO, WAIT_FEATURES, ESTABLISHED, FAILED }

    /** What the connection does next. */
    sealed interface Step {
        /** Send {@code message} and keep waiting. */
        record Send(OfMessage message) implements Step { }

        /** Handshake done. */
        record Established(FeaturesReply features) implements Step { }

        /** Give up: send {@code farewell} if present, then close with {@code reason}. */
        record Fail(String reason, Optional<OfMessage> farewell) implements Step { }

        /** The message means nothing to the handshake; ignore it. */
        record Ignore() implements Step { }
    }

    private final int featuresXid;
    private State state = State.WAIT_HELLO;

    Handshake(int featuresXid) {
        this.featuresXid = featuresXid;
    }

    State state() {
        return state;
    }

    Step onMessage(OfMessage message) {
        return switch (state) {
            case WAIT_HELLO -> onHello(message);
            case WAIT_FEATURES -> onFeatures(message);
            case ESTABLISHED, FAILED -> new Step.Ignore();
        };
    }

    private Step onHello(OfMessage message) {
        if (!(message instanceof Hello hello)) {
            return fail("expected HELLO, got " + message.type(), Optional.empty());
        }
        if (!hello.supports(OfVersion.OF13)) {
            String text = "We support version 0x04 (OpenFlow 1.3) only; peer "
                    + (hello.versionBitmap() == 0 ? "supports up to 0x" + Integer.toHexString(hello.headerVersion())
                            : "offers bitmap 0x" + Long.toHexString(hello.versionBitmap()));
            ErrorMessage error = new ErrorMessage(hello.xid(), HELLO_FAILED, INCOMPATIBLE,
                    Bytes.of(text.getBytes(StandardCharsets.US_ASCII)));
            return fail("version negotiation failed: " + text, Optional.of(error));
        }
        state = State.WAIT_FEATURES;
        return new Step.Send(new FeaturesRequest(featuresXid));
    }

    private Step onFeatures(OfMessage message) {
        if (message instanceof FeaturesReply features && features.xid() == featuresXid) {
            state = State.ESTABLISHED;
            return new Step.Established(features);
        }
        if (message instanceof ErrorMessage error && error.xid() == featuresXid) {
            return fail("switch refused FEATURES_REQUEST: error type " + error.errorType()
                    + " code " + error.errorCode(), Optional.empty());
        }
        return new Step.Ignore(); // e.g. PORT_STATUS racing the reply; the switch state is read after setup anyway
    }

    private Step fail(String reason, Optional<OfMessage> farewell) {
        state = State.FAILED;
        return new Step.Fail(reason, farewell);
    }
}
