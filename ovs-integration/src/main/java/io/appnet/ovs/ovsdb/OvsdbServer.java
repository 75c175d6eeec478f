package io.appnet.ovs.ovsdb;

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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OVSDB manager: hosts connect to it after {@code ovs-vsctl set-manager ssl:<controller>:6640} (or
 * {@code tcp:}; we are the passive side of RFC 7047's JSON-RPC). Each connection becomes an
 * {@link OvsdbSession}; what happens to the
 * hosts is reported to one {@link OvsdbHostListener}. Uses epoll where the native transport loads, NIO otherwise.
 */
public final class OvsdbServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbServer.class);
    private static final int IO_THREADS = 2;

    private final EventLoopGroup group;
    private final ExecutorService eventThread;
    private final HostEvents events;
    private final Channel serverChannel;

    private OvsdbServer(EventLoopGroup group, ExecutorService eventThread, HostEvents events, Channel serverChannel) {
        this.group = group;
        this.eventThread = eventThread;
        this.events = events;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds and starts accepting; throws if the address cannot be bound. {@code tls} makes a server engine per
     * connection; empty means plaintext TCP.
     */
    public static OvsdbServer start(OvsdbServerConfig config, OvsdbHostListener listener,
                                    Optional<Supplier<SSLEngine>> tls) throws InterruptedException {
        return start(config, listener, tls, peer -> Optional.of(() -> { }));
    }

    /**
     * As {@link #start(OvsdbServerConfig, OvsdbHostListener, Optional)}; {@code admission} is asked for each
     * accepted connection with the peer's address and answers how to release it when it closes, or empty to
     * refuse it (closed at once, before any byte is read).
     */
    public static OvsdbServer start(OvsdbServerConfig config, OvsdbHostListener listener,
                                    Optional<Supplier<SSLEngine>> tls,
                                    Function<InetAddress, Optional<Runnable>> admission) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(IO_THREADS) : new NioEventLoopGroup(IO_THREADS);
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ExecutorService eventThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ovsdb-host-events");
            thread.setDaemon(true);
            return thread;
        });
        HostEvents events = new HostEvents(eventThread, listener);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            Optional<Runnable> admitted = admission.apply(channel.remoteAddress().getAddress());
                            if (admitted.isEmpty()) {
                                channel.close();
                                return;
                            }
                            channel.closeFuture().addListener(closed -> admitted.get().run());
                            SessionHandler.install(channel, config, events, tls);
                        }
                    })
                    .bind(config.bindAddress()).sync().channel();
            LOG.info("OVSDB manager listening on {} ({} transport, {})", channel.localAddress(), epoll ? "epoll" : "nio",
                    tls.isPresent() ? "TLS" : "plaintext");
            return new OvsdbServer(group, eventThread, events, channel);
        } catch (Exception e) { // also what Netty throws undeclared, e.g. a failed bind
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            eventThread.shutdown();
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The sessions of connected hosts (announced by hostConnected and not yet disconnected). */
    public Collection<OvsdbSession> sessions() {
        return events.sessions();
    }

    /** The session of the host whose external_ids:appnet-host-id is {@code hostId}, if one is connected. */
    public Optional<OvsdbSession> session(String hostId) {
        return sessions().stream().filter(session -> session.snapshot().hostId().filter(hostId::equals).isPresent())
                .findFirst();
    }

    /** Stops accepting and closes every session; the listener hears hostDisconnected for each before this returns. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        eventThread.shutdown();
        try {
            if (!eventThread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("OVSDB host listener still busy after 5 s; not waiting for it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
