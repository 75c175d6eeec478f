package io.appnet.ovs.ovsdb;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;

/** The last handler of a session's pipeline: hands events to its {@link OvsdbSession} on the event loop. */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private final OvsdbSession session;

    private SessionHandler(OvsdbSession session) {
        this.session = session;
    }

    /**
     * The session pipeline: TLS when configured, idle detection on raw bytes (a large message arriving slowly still counts as a
     * live host), framing of concatenated JSON values up to the size limit, JSON-RPC decoding, encoding, session.
     */
    static OvsdbSession install(Channel channel, OvsdbServerConfig config, HostEvents events,
                                Optional<Supplier<SSLEngine>> tls) {
        OvsdbSession session = new OvsdbSession(channel, config, events);
        tls.ifPresent(engines -> channel.pipeline().addLast(PipelineHandler.TLS.name(), new SslHandler(engines.get())));
        channel.pipeline()
                .addLast(PipelineHandler.IDLE_STATE.name(),
                        new IdleStateHandler(config.echoInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast(PipelineHandler.FRAME_DECODER.name(), new JsonFrameDecoder(config.maxMessageBytes()))
                .addLast(PipelineHandler.JSON_RPC_DECODER.name(), new JsonRpcDecoder())
                .addLast(PipelineHandler.JSON_RPC_ENCODER.name(), JsonRpcEncoder.INSTANCE)
                .addLast(PipelineHandler.SESSION.name(), new SessionHandler(session));
        return session;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session.start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof JsonFrameDecoder.FramingError error) {
            session.violated(error.reason());
        } else {
            session.received((JsonRpcMessage) message);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            session.idle(idle.isFirst());
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            session.unwritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.inactive();
        ctx.fireChannelInactive();
    }

    /** Nothing a host sends reaches the tail of the pipeline: every failure ends this session, and only it. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            Throwable detail = cause.getCause() != null ? cause.getCause() : cause;
            session.violated(detail.getMessage() != null ? detail.getMessage() : detail.toString());
        } else if (cause instanceof IOException) {
            session.close("I/O error: " + cause.getMessage());
        } else {
            session.failed("internal error: " + cause);
        }
    }
}
