package io.appnet.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.fuzz.Fuzzer;
import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.codec.OpenFlowDecoderFuzzProperties;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.TableStatsRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * An established switch connection with a barrier and a multipart request pending (or, for a quarter of the
 * inputs, a switch that has sent HELLO and is asked for its features), fed one to three mutated corpus frames,
 * each with its true length, some carrying the pending requests' xids to reach the reply handling: nothing
 * escapes the pipeline, no buffer leaks, a pending request ends only as documented, and the connection either
 * still answers an echo request or has closed with a reason ("malformed message" once established).
 */
class OpenFlowSessionFuzzProperties {
    private static final int PROBE_XID = 0x5eed_0001;
    private static final Fuzzer FUZZER = new Fuzzer(OpenFlowDecoderFuzzProperties.CORPUS,
            OpenFlowDecoderFuzzProperties.DICTIONARY);

    @Property
    void theConnectionStaysUsableOrClosesWithAReason(@ForAll long seed) {
        FUZZER.run(seed, OpenFlowSessionFuzzProperties::feed);
    }

    /** Each corpus entry alone, the even message types under the barrier's xid: the regressions, every build. */
    @Example
    void everyCorpusEntryAloneLeavesTheConnectionUsableOrClosesIt() {
        OpenFlowDecoderFuzzProperties.CORPUS.entries()
                .forEach((name, frame) -> FUZZER.replay(name, frame, OpenFlowSessionFuzzProperties::feed));
    }

    @AfterContainer
    static void stopFuzzer() {
        FUZZER.close();
    }

    /** One to three frames, each with its true length; shorter than 4 bytes, the probe would join it. */
    private static List<byte[]> frames(Fuzzer.Draw draw) {
        List<byte[]> frames = new ArrayList<>();
        for (byte[] frame : draw.inputs(3)) {
            if (frame.length >= 4) {
                frames.add(OpenFlowDecoderFuzzProperties.withTrueLength(frame));
            }
        }
        return frames;
    }

    private static void feed(Fuzzer.Draw draw) {
        List<byte[]> frames = frames(draw);
        boolean handshaking = draw.random().nextInt(4) == 0; // a quarter go to a switch between HELLO and FEATURES
        EmbeddedChannel channel = handshaking ? PipelineRobustnessProperties.helloedChannel(new DroppingListener())
                : PipelineRobustnessProperties.establishedChannel(new DroppingListener());
        OfConnection connection = channel.pipeline().get(OfConnection.class);
        CompletableFuture<?> barrier = handshaking ? CompletableFuture.completedFuture(null) : connection.barrier();
        CompletableFuture<?> tables = handshaking ? CompletableFuture.completedFuture(null)
                : connection.multipart(new TableStatsRequest());
        List<Integer> sentXids = sentXids(channel);
        // established: the barrier's and the multipart's xids; handshaking: the FEATURES_REQUEST's, sent last
        int last = sentXids.get(sentXids.size() - 1);
        List<Integer> pendingXids = handshaking ? List.of(last, last) : sentXids;

        List<ByteBuf> inputs = new ArrayList<>();
        for (int i = 0; i < frames.size() && channel.isOpen(); i++) {
            byte[] frame = frames.get(i);
            if (frame.length >= 8 && frame[0] == 4 && i % 2 == 0) { // answer a pending request with it
                int xid = pendingXids.get(frame[1] & 1);
                frame[4] = (byte) (xid >>> 24);
                frame[5] = (byte) (xid >>> 16);
                frame[6] = (byte) (xid >>> 8);
                frame[7] = (byte) xid;
            }
            ByteBuf input = Unpooled.wrappedBuffer(frame);
            inputs.add(input);
            channel.writeInbound(input);
        }
        if (channel.isOpen()) {
            channel.writeInbound(encode(new EchoRequest(PROBE_XID, Bytes.EMPTY)));
        }
        channel.runPendingTasks();
        channel.checkException(); // rethrows anything that reached the end of the pipeline

        draw.outcome(handshaking ? "handshake " + (connection.features() != null ? "established" : "waiting")
                + (channel.isOpen() ? "" : ", closed") : (channel.isOpen() ? "open" : "closed") + ", barrier "
                + state(barrier) + ", multipart " + state(tables));
        if (channel.isOpen()) {
            assertThat(sent(channel)).as("the connection still answers")
                    .contains(new EchoReply(PROBE_XID, Bytes.EMPTY));
        } else if (handshaking) {
            assertThat(connection.closeReason()).as("a reason, not a bug of ours").isNotNull()
                    .doesNotStartWith("I/O error");
        } else {
            assertThat(connection.closeReason()).startsWith("malformed message from switch: ");
        }
        endsAsDocumented(barrier);
        endsAsDocumented(tables);
        channel.finishAndReleaseAll();
        for (ByteBuf input : inputs) {
            if (input.capacity() > 0) { // the shared empty buffer is never released
                assertThat(input.refCnt()).as("input buffer released").isZero();
            }
        }
    }

    /**
     * A pending request completes with its reply, fails with the switch's error, with a reply of the wrong type,
     * with the connection's close,
     * or, for a multipart answer whose parts do not fit together, with the {@code IllegalArgumentException}
     * {@code MultipartReply.combine} documents; anything else is a bug.
     */
    private static void endsAsDocumented(CompletableFuture<?> request) {
        if (!request.isCompletedExceptionally()) {
            return;
        }
        Throwable cause = request.handle((value, failure) -> failure).join();
        if (cause instanceof CompletionException wrapped) {
            cause = wrapped.getCause();
        }
        assertThat(cause).isInstanceOfAny(OfErrorException.class, UnexpectedReplyException.class,
                ConnectionClosedException.class, IllegalArgumentException.class);
    }

    private static String state(CompletableFuture<?> request) {
        return !request.isDone() ? "pending" : request.isCompletedExceptionally() ? "failed" : "answered";
    }

    private static List<Integer> sentXids(EmbeddedChannel channel) {
        return sent(channel).stream().map(OfMessage::xid).toList();
    }

    private static List<OfMessage> sent(EmbeddedChannel channel) {
        List<OfMessage> sent = new ArrayList<>();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            sent.add(OfMessageCodec.decode((ByteBuf) out));
            ((ByteBuf) out).release();
        }
        return sent;
    }

    private static ByteBuf encode(OfMessage message) {
        ByteBuf buf = Unpooled.buffer();
        OfMessageCodec.encode(message, buf);
        return buf;
    }

    /** Drops what the connection reports: a million inputs must not pile up events. */
    private static final class DroppingListener implements OfConnectionListener {
        @Override
        public void connected(OfConnection connection) {
        }

        @Override
        public void disconnected(OfConnection connection, String reason) {
        }

        @Override
        public void message(OfConnection connection, OfMessage message) {
        }
    }
}
