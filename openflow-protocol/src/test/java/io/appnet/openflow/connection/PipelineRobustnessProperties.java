package io.appnet.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.FeaturesRequest;
import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.netty.OfFrameDecoder;
import io.appnet.openflow.netty.OfMessageDecoder;
import io.appnet.openflow.netty.OfMessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes an established switch sends, the pipeline never lets an exception escape, never leaks the
 * buffers it was given, and either decodes a message or closes the connection with a readable reason.
 */
class PipelineRobustnessProperties {
    private static final RecordingListener IGNORE = new RecordingListener();

    /** A channel with the production pipeline, past the handshake. */
    private static EmbeddedChannel establishedChannel() {
        return establishedChannel(IGNORE);
    }

    /** As {@link #establishedChannel()}, telling {@code listener} what the connection sees. */
    static EmbeddedChannel establishedChannel(OfConnectionListener listener) {
        EmbeddedChannel channel = helloedChannel(listener);
        OfConnection connection = channel.pipeline().get(OfConnection.class);
        FeaturesRequest request = null;
        for (Object out; (out = channel.readOutbound()) != null; ) {
            OfMessage message = OfMessageCodec.decode((ByteBuf) out);
            ((ByteBuf) out).release();
            if (message instanceof FeaturesRequest features) {
                request = features;
            }
        }
        assertThat(request).isNotNull();
        channel.writeInbound(encode(new FeaturesReply(request.xid(), 42, 0, 254, 0, 0)));
        assertThat(connection.features()).isNotNull();
        return channel;
    }

    /**
     * A channel with the production pipeline in the middle of the handshake: the switch's HELLO is in, the
     * controller's HELLO and FEATURES_REQUEST wait in the outbound buffer.
     */
    static EmbeddedChannel helloedChannel(OfConnectionListener listener) {
        EmbeddedChannel channel = new EmbeddedChannel();
        OfConnection connection = new OfConnection(channel, OfConnectionConfig.defaults(), listener);
        channel.pipeline().addLast(new OfFrameDecoder(), new OfMessageDecoder(), OfMessageEncoder.INSTANCE, connection);
        channel.writeInbound(encode(Hello.of13(1)));
        return channel;
    }

    private static ByteBuf encode(OfMessage message) {
        ByteBuf buf = Unpooled.buffer();
        OfMessageCodec.encode(message, buf);
        return buf;
    }

    private static void feed(byte[] bytes) {
        EmbeddedChannel channel = establishedChannel();
        OfConnection connection = channel.pipeline().get(OfConnection.class);
        ByteBuf input = Unpooled.wrappedBuffer(bytes);
        channel.writeInbound(input);
        channel.checkException(); // rethrows anything that reached the end of the pipeline
        if (!channel.isOpen()) {
            assertThat(connection.closeReason()).startsWith("malformed message from switch: ");
        }
        for (Object in; (in = channel.readInbound()) != null; ) {
            assertThat(in).isInstanceOf(OfMessage.class);
        }
        channel.finishAndReleaseAll();
        // A partial frame waits in the frame decoder until more bytes come or the channel closes.
        if (bytes.length > 0) { // the shared empty buffer is never released
            assertThat(input.refCnt()).as("input buffer released").isZero();
        }
    }

    @Property(tries = 3000)
    void randomBytes(@ForAll @Size(max = 300) byte[] bytes) {
        feed(bytes);
    }

    @Property(tries = 3000)
    void randomBodiesBehindAValidVersionAndAnyLength(@ForAll("typeCodes") int type,
            @ForAll @IntRange(min = 0, max = 0xffff) int claimedLength, @ForAll @Size(max = 200) byte[] body) {
        byte[] frame = new byte[8 + body.length];
        frame[0] = 4;
        frame[1] = (byte) type;
        frame[2] = (byte) (claimedLength >> 8);
        frame[3] = (byte) claimedLength;
        System.arraycopy(body, 0, frame, 8, body.length);
        feed(frame);
    }

    @Property(tries = 1000)
    void truncatedOrPaddedValidMessageFollowedByAGoodOne(@ForAll @IntRange(min = -8, max = 8) int delta) {
        ByteBuf good = encode(new BarrierReply(5));
        byte[] valid = io.netty.buffer.ByteBufUtil.getBytes(good);
        good.release();
        byte[] mutated = new byte[Math.max(0, valid.length + delta)];
        System.arraycopy(valid, 0, mutated, 0, Math.min(valid.length, mutated.length));
        byte[] stream = new byte[mutated.length + valid.length];
        System.arraycopy(mutated, 0, stream, 0, mutated.length);
        System.arraycopy(valid, 0, stream, mutated.length, valid.length);
        feed(stream);
    }

    @Provide
    Arbitrary<Integer> typeCodes() {
        return Arbitraries.integers().between(0, 40);
    }
}
