package io.appnet.openflow.connection;

import io.appnet.openflow.netty.OfFrameDecoder;
import io.appnet.openflow.netty.OfMessageDecoder;
import io.appnet.openflow.netty.OfMessageEncoder;
import io.appnet.openflow.netty.PipelineHandlers;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts switch connections (the controller is the passive side, as {@code ovs-vsctl set-controller
 * ssl:...} or {@code tcp:...} expects) and gives each its own pipeline and {@link OfConnection}. With TLS,
 * every connection starts with a TLS handshake (the engine decides what the peer must present) and the
 * OpenFlow handshake runs inside it. Uses epoll where the native transport loads, NIO otherwise.
 */
public final class OfServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OfServer.class);

    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Channel serverChannel;

    private OfServer(EventLoopGroup bossGroup, EventLoopGroup workerGroup, Channel serverChannel) {
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds and starts accepting; throws if the address cannot be bound. Port 0 picks a free port. {@code tls}
     * makes a server engine per connection; empty means plaintext TCP.
     */
    public static OfServer start(InetSocketAddress address, OfConnectionConfig config, OfConnectionListener listener,
                                 Optional<Supplier<SSLEngine>> tls) throws InterruptedException {
        return start(address, config, listener, tls, peer -> Optional.of(() -> { }));
    }

    /**
     * As {@link #start(InetSocketAddress, OfConnectionConfig, OfConnectionListener, Optional)}; {@code admission}
     * is asked for each accepted connection with the peer's address and answers how to release it when it
     * closes, or empty to refuse it (closed at once, before any byte is read).
     */
    public static OfServer start(InetSocketAddress address, OfConnectionConfig config, OfConnectionListener listener,
                                 Optional<Supplier<SSLEngine>> tls,
                                 Function<InetAddress, Optional<Runnable>> admission) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        EventLoopGroup workers = epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, OfConnection.waterMark(config.maxQueuedBytes()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            Optional<Runnable> admitted = admission.apply(ch.remoteAddress().getAddress());
                            if (admitted.isEmpty()) {
                                ch.close();
                                return;
                            }
                            ch.closeFuture().addListener(closed -> admitted.get().run());
                            long idleMillis = config.echoInterval().toMillis();
                            tls.ifPresent(engines -> ch.pipeline()
                                    .addLast(PipelineHandlers.TLS.name(), new SslHandler(engines.get())));
                            ch.pipeline()
                                    .addLast(PipelineHandlers.FLUSH_CONSOLIDATION.name(), new FlushConsolidationHandler(
                                            FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                                    .addLast(PipelineHandlers.FRAME_DECODER.name(), new OfFrameDecoder())
                                    .addLast(PipelineHandlers.MESSAGE_DECODER.name(), new OfMessageDecoder())
                                    .addLast(PipelineHandlers.MESSAGE_ENCODER.name(), OfMessageEncoder.INSTANCE)
                                    .addLast(PipelineHandlers.IDLE_STATE.name(),
                                            new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS))
                                    .addLast(PipelineHandlers.CONNECTION.name(), new OfConnection(ch, config, listener));
                        }
                    })
                    .bind(address).sync().channel();
            LOG.info("OpenFlow listener on {} ({} transport, {})", channel.localAddress(), epoll ? "epoll" : "nio",
                    tls.isPresent() ? "TLS" : "plaintext");
            return new OfServer(boss, workers, channel);
        } catch (Exception e) { // also what Netty throws undeclared, e.g. a failed bind
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting and closes every switch connection. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
