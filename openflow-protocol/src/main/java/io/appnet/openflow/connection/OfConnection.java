package io.appnet.openflow.connection;

import io.appnet.openflow.message.BarrierReply;
import io.appnet.openflow.message.BarrierRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.EchoReply;
import io.appnet.openflow.message.EchoRequest;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.FeaturesReply;
import io.appnet.openflow.message.Hello;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartReplyBody;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.MultipartRequestBody;
import io.appnet.openflow.message.OfMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One switch connection: runs the handshake, answers echoes and probes a silent peer, matches replies to
 * requests by xid, and is the only writer to its channel. Requests may be issued from any thread.
 */
public final class OfConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OfConnection.class);

    private final Channel channel;
    private final OfConnectionConfig config;
    private final OfConnectionListener listener;
    private final AtomicInteger xids = new AtomicInteger(1);
    private final Map<Integer, PendingRequest> pending = new ConcurrentHashMap<>();
    private final Handshake handshake = new Handshake(nextXid());
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Set once, by the first close: from then on nothing is written, read or closed again. */
    private final AtomicReference<String> closeReason = new AtomicReference<>();

    private volatile FeaturesReply features;
    private volatile long lastReadNanos = System.nanoTime();
    /**
     * Event loop only: when the first echo after the read at {@link #probedAfterRead} went out. A switch is dead
     * only once it has had as long as usual to answer a probe: a pause of our own (a long garbage collection, a
     * starved event loop) sends no echo and reads nothing, and is not the switch's silence.
     */
    private long firstProbeNanos;
    private long probedAfterRead = lastReadNanos - 1; // event loop only; none yet
    private StreamingWrite streaming; // event loop only
    private long unwritableEpoch; // event loop only: counts the channel's turns to unwritable
    private ScheduledFuture<?> expirySweep; // event loop only
    private final ArrayDeque<Runnable> behindStream = new ArrayDeque<>(); // event loop only

    OfConnection(Channel channel, OfConnectionConfig config, OfConnectionListener listener) {
        this.channel = channel;
        this.config = config;
        this.listener = listener;
    }

    /** The switch's datapath id; only meaningful once {@link OfConnectionListener#connected} was called. */
    public long datapathId() {
        return features.datapathId();
    }

    public FeaturesReply features() {
        return features;
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    public boolean isActive() {
        return channel.isActive() && closeReason.get() == null;
    }

    /** The certificate the peer presented in the TLS handshake; empty on a plaintext connection. */
    public Optional<X509Certificate> peerCertificate() {
        return PeerCertificates.of(channel);
    }

    /** Completes when the connection has closed, with the reason as value. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    public String closeReason() {
        return closeReason.get();
    }

    /**
     * Bytes written by the controller that the socket has not yet taken: the switch's backlog. Counts what the
     * TLS handler holds before encrypting (its queue reports to the channel's) and Netty's bookkeeping of 96
     * bytes per queued buffer.
     */
    public long queuedBytes() {
        var outbound = channel.unsafe().outboundBuffer();
        return outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    /** The thread that reads and writes this connection (package tests stall it). */
    EventExecutor eventLoop() {
        return channel.eventLoop();
    }

    public int nextXid() {
        return xids.getAndIncrement();
    }

    /** Sends a message that has no reply. The future completes when the bytes reached the socket. */
    public CompletableFuture<Void> send(OfMessage message) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        writeOnEventLoop(List.of(message), result);
        return result;
    }

    /** Any thread: {@link #writeTogether} on the event loop, unless the queue is already over its limit. */
    private void writeOnEventLoop(List<OfMessage> messages, CompletableFuture<Void> result) {
        if (!checkQueue(result)) {
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            writeTogether(messages, result);
        } else {
            channel.eventLoop().execute(() -> writeTogether(messages, result));
        }
    }

    /**
     * Event loop only. Writes the messages with one flush at the end (and one whenever the channel is over its
     * high water mark); each is checked against the queue limit as it is written. Waits behind an active
     * {@link #sendAll} so that, e.g., a barrier cannot overtake it.
     */
    private void writeTogether(List<OfMessage> messages, CompletableFuture<Void> result) {
        if (streaming != null) {
            behindStream.add(() -> writeTogether(messages, result));
            return;
        }
        ChannelFuture last = null;
        for (OfMessage message : messages) {
            if (!checkQueue(result)) {
                break;
            }
            last = channel.write(message);
            last.addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    result.completeExceptionally(f.cause());
                }
            });
            if (!channel.isWritable()) {
                channel.flush();
            }
        }
        channel.flush();
        if (last != null) {
            last.addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    result.complete(null);
                }
            });
        }
    }

    /** Sends a request and completes with the reply of the same xid, or an {@link OfErrorException}. */
    public CompletableFuture<OfMessage> request(OfMessage request) {
        return derived(requestAll(request, reply -> true), replies -> replies.get(0));
    }

    /**
     * Sends a request whose answer may span several messages (multipart) and completes with all of them,
     * in order, once {@code isLast} accepts one.
     */
    public CompletableFuture<List<OfMessage>> requestAll(OfMessage request, Predicate<OfMessage> isLast) {
        CompletableFuture<List<OfMessage>> result = expectReplies(request, isLast);
        if (!result.isDone()) {
            send(request).exceptionally(e -> {
                result.completeExceptionally(e);
                return null;
            });
        }
        return result;
    }

    /**
     * Sends the requests, then a barrier, in one task of the event loop and one flush (one system call and, under
     * TLS, one record, as far as the socket takes them), so that the switch reads them together: Open vSwitch
     * then answers the barrier in the same turn of its loop as the requests, where sent one by one the barrier
     * came a turn later. Each outcome completes as {@link #requestAll} with every reply accepted (a request with
     * no reply by the barrier's was accepted without one). Meant for a few messages: the event loop writes all of
     * them before it reads again (it flushes whenever the channel is over its high water mark, so what it holds
     * stays bounded as for {@link #sendAll}).
     */
    public Exchange requestsThenBarrier(List<? extends OfMessage> requests) {
        List<OfMessage> messages = new ArrayList<>(requests.size() + 1);
        List<CompletableFuture<List<OfMessage>>> outcomes = new ArrayList<>(requests.size() + 1);
        for (OfMessage request : requests) {
            messages.add(request);
            outcomes.add(expectReplies(request, reply -> true));
        }
        BarrierRequest barrier = new BarrierRequest(nextXid());
        messages.add(barrier);
        CompletableFuture<List<OfMessage>> barrierReplies = expectReplies(barrier, reply -> true);
        outcomes.add(barrierReplies);
        CompletableFuture<Void> written = new CompletableFuture<>();
        written.exceptionally(e -> {
            outcomes.forEach(outcome -> outcome.completeExceptionally(e));
            return null;
        });
        writeOnEventLoop(messages, written);
        return new Exchange(List.copyOf(outcomes.subList(0, requests.size())),
                derived(barrierReplies, replies -> expect(BarrierReply.class, replies.get(0))));
    }

    /** What {@link #requestsThenBarrier} sent: each request's outcome, in order, and the barrier's reply. */
    public record Exchange(List<CompletableFuture<List<OfMessage>>> outcomes, CompletableFuture<BarrierReply> barrier) {
    }

    /**
     * Registers {@code request} to be answered by the replies of its xid; the result is already failed if the xid
     * is in use or the connection closed, and is forgotten once complete.
     */
    private CompletableFuture<List<OfMessage>> expectReplies(OfMessage request, Predicate<OfMessage> isLast) {
        PendingRequest entry = new PendingRequest(request, isLast, config.maxMultipartParts(),
                System.nanoTime() + config.requestTimeout().toNanos());
        if (pending.putIfAbsent(request.xid(), entry) != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("xid " + request.xid() + " in use"));
        }
        entry.result.whenComplete((r, e) -> pending.remove(request.xid(), entry));
        String reason = closeReason.get();
        if (reason != null) {
            entry.result.completeExceptionally(new ConnectionClosedException(reason));
        }
        return entry.result;
    }

    /**
     * Fails the requests still waiting past their deadline; a late reply then goes to the listener. One sweep
     * per connection rather than a timer per request: a reconcile may have 100,000 bundle adds in flight.
     */
    private void expireOverdue() {
        long now = System.nanoTime();
        long millis = config.requestTimeout().toMillis();
        for (PendingRequest entry : pending.values()) {
            if (now - entry.deadlineNanos > 0) {
                entry.result.completeExceptionally(new RequestTimeoutException(
                        entry.request.type() + " xid " + entry.request.xid() + " from " + this, millis));
            }
        }
    }

    /** Sends a multipart request and completes with the body of all reply parts combined. */
    public CompletableFuture<MultipartReplyBody> multipart(MultipartRequestBody body) {
        return derived(requestAll(MultipartRequest.of(nextXid(), body), MultipartReply::isLastPart),
                MultipartReply::combine);
    }

    /**
     * Completes once the switch has processed every message sent before it; fails with
     * {@link UnexpectedReplyException} if the switch answers with anything but a barrier reply or an error.
     */
    public CompletableFuture<BarrierReply> barrier() {
        return derived(request(new BarrierRequest(nextXid())), reply -> expect(BarrierReply.class, reply));
    }

    /** A switch may put any message under a request's xid; only the right type answers it. */
    private static <T extends OfMessage> T expect(Class<T> type, OfMessage reply) {
        if (!type.isInstance(reply)) {
            throw new UnexpectedReplyException(type, reply);
        }
        return type.cast(reply);
    }

    /** {@code source.thenApply(f)}, where cancelling the result also cancels (and so forgets) the request. */
    private static <T, R> CompletableFuture<R> derived(CompletableFuture<T> source, Function<T, R> f) {
        CompletableFuture<R> result = source.thenApply(f);
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                source.cancel(false);
            }
        });
        return result;
    }

    /**
     * Writes many messages as fast as the switch reads them: never more than the channel's high water mark is
     * queued, so memory stays bounded whatever the iterator's size. Completes when the last message reached
     * the socket. One stream at a time per connection; messages sent meanwhile with {@link #send},
     * {@link #request} or {@link #barrier} go out after the stream's last message.
     */
    public CompletableFuture<Void> sendAll(Iterator<? extends OfMessage> messages) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (streaming != null) {
                result.completeExceptionally(new IllegalStateException("another sendAll is in progress"));
            } else if (closeReason.get() != null || !channel.isActive()) {
                result.completeExceptionally(new ConnectionClosedException(String.valueOf(closeReason.get())));
            } else {
                streaming = new StreamingWrite(messages, result);
                pump();
            }
        });
        return result;
    }

    /**
     * Closes the connection; pending requests fail with the reason. Only the first call closes (a channel
     * under TLS stays open while its close_notify is flushed, and each further close would queue another
     * write); later calls do nothing.
     */
    public void close(String reason) {
        if (closeReason.compareAndSet(null, reason)) {
            channel.close();
        }
    }

    /**
     * Closes a switch that reads nothing at once, under TLS too: its close_notify could never pass the full
     * queue, and SslHandler would keep the channel, and all it holds, for its close-notify flush timeout
     * waiting to send one. So the socket is closed beneath the TLS handler, without a close_notify.
     */
    private void abort(String reason) {
        if (closeReason.compareAndSet(null, reason)) {
            LOG.warn("closing {} at {}: {}", this, channel.remoteAddress(), reason);
            ChannelHandlerContext tls = channel.pipeline().context(SslHandler.class);
            ChannelOutboundInvoker transport = tls != null ? tls : channel;
            transport.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long sweepMillis = Math.max(10, Math.min(1000, config.requestTimeout().toMillis() / 4));
        expirySweep = ctx.executor().scheduleAtFixedRate(this::expireOverdue, sweepMillis, sweepMillis,
                TimeUnit.MILLISECONDS);
        writeInternal(Hello.of13(nextXid()));
        ctx.executor().schedule(() -> {
            if (features == null && channel.isActive()) {
                close("handshake not finished within " + config.handshakeTimeout().toMillis() + " ms");
            }
        }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closeReason.get() != null) {
            return; // closed by us, the channel not yet: nothing more is answered or handed on
        }
        lastReadNanos = System.nanoTime();
        OfMessage message = (OfMessage) msg;
        if (message instanceof EchoRequest echo) {
            if (echo.payload().length() > config.maxEchoPayload()) {
                closeOverLimit("echo request payload of " + echo.payload().length() + " bytes, limit "
                        + config.maxEchoPayload());
            } else {
                writeInternal(new EchoReply(echo.xid(), echo.payload()));
            }
            return;
        }
        if (features == null) {
            onHandshake(message);
            return;
        }
        PendingRequest entry = pending.get(message.xid());
        if (entry != null && !(message instanceof Hello)) {
            if (!entry.accept(message)) {
                closeOverLimit("multipart reply to xid " + message.xid() + " over " + config.maxMultipartParts()
                        + " parts");
            }
        } else if (!(message instanceof EchoReply)) {
            listener.message(this, message);
        }
    }

    private void onHandshake(OfMessage message) {
        Handshake.Step step = handshake.onMessage(message);
        if (step instanceof Handshake.Step.Send send) {
            writeInternal(send.message());
        } else if (step instanceof Handshake.Step.Established established) {
            features = established.features();
            listener.connected(this);
        } else if (step instanceof Handshake.Step.Fail fail) {
            if (!closeReason.compareAndSet(null, fail.reason())) {
                return;
            }
            if (fail.farewell().isPresent()) {
                channel.writeAndFlush(fail.farewell().get()).addListener(f -> channel.close());
            } else {
                channel.close();
            }
        } else {
            LOG.debug("{}: ignored {} during handshake", channel, message.type());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        long now = System.nanoTime();
        long lastRead = lastReadNanos;
        long silentNanos = now - lastRead;
        // as long as usual: echoTimeout - echoInterval, less half an interval for the idle timer's jitter
        boolean probedLongEnough = probedAfterRead == lastRead && now - firstProbeNanos
                >= config.echoTimeout().minus(config.echoInterval()).minus(config.echoInterval().dividedBy(2)).toNanos();
        if (silentNanos >= config.echoTimeout().toNanos() && probedLongEnough && !workingThroughBundle(silentNanos)) {
            close("no message for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms (echo timeout)");
        } else {
            if (probedAfterRead != lastRead) {
                probedAfterRead = lastRead;
                firstProbeNanos = now;
            }
            writeInternal(new EchoRequest(nextXid(), Bytes.EMPTY));
        }
    }

    /**
     * Whether a silent switch may be busy with a bundle of ours: Open vSwitch answers nothing, echoes included,
     * while it stages or commits one (31,850 flow-mods took over 3 s on a loaded machine), and splitting a change
     * into several bundles would give up its atomicity. So while a bundle message of ours (open, add, commit,
     * discard) awaits its reply, silence is judged by that request's timeout instead of the echo timeout; never
     * longer than the request timeout in all, since a silent switch is sent no new bundle (one waits for a read).
     */
    private boolean workingThroughBundle(long silentNanos) {
        if (silentNanos >= config.requestTimeout().toNanos()) {
            return false;
        }
        long now = System.nanoTime();
        for (PendingRequest entry : pending.values()) {
            if ((entry.request instanceof BundleControl || entry.request instanceof BundleAdd)
                    && now - entry.deadlineNanos < 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            // Not inline: this event also fires from inside pump()'s own flush, where a nested flush is a no-op.
            ctx.executor().execute(this::pump);
        } else {
            watchStall(ctx, ++unwritableEpoch);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String reason = cause instanceof DecoderException
                ? "malformed message from switch: " + (cause.getCause() != null ? cause.getCause().getMessage()
                        : cause.getMessage())
                : "I/O error: " + cause;
        close(reason);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (expirySweep != null) {
            expirySweep.cancel(false);
        }
        closeReason.compareAndSet(null, "switch closed the connection");
        String reason = closeReason.get();
        ConnectionClosedException closedException = new ConnectionClosedException(reason);
        for (PendingRequest entry : new ArrayList<>(pending.values())) {
            entry.result.completeExceptionally(closedException);
        }
        if (streaming != null) {
            streaming.result.completeExceptionally(closedException);
            streaming = null;
        }
        while (!behindStream.isEmpty()) {
            behindStream.poll().run(); // the writes fail on the closed channel and so fail their futures
        }
        if (features != null) {
            listener.disconnected(this, reason);
        } else {
            LOG.info("connection from {} closed before handshake completed: {}", channel.remoteAddress(), reason);
        }
        closed.complete(null);
    }

    /**
     * The limit holds exactly (not only above the high water mark): at most it and one message, counted as
     * {@link #queuedBytes} counts, TLS included. A closed connection takes nothing, whatever its queue.
     */
    private boolean checkQueue(CompletableFuture<?> result) {
        long queued = queuedBytes();
        if (closeReason.get() == null && queued > config.maxQueuedBytes()) {
            abort("switch is not reading: " + queued + " bytes queued, limit " + config.maxQueuedBytes());
        }
        String reason = closeReason.get();
        if (reason != null) {
            result.completeExceptionally(new ConnectionClosedException(reason));
            return false;
        }
        return true;
    }

    /**
     * The channel's water marks under the queue limit: a stream ({@link #sendAll}) pauses at half the limit
     * (at most 1 MiB), so what it queues can never itself trip the limit, and resumes at a quarter of that.
     */
    static WriteBufferWaterMark waterMark(long maxQueuedBytes) {
        int high = (int) Math.min(1 << 20, Math.max(2, maxQueuedBytes / 2));
        return new WriteBufferWaterMark(high / 4, high);
    }

    /** Event loop only: what the connection itself sends (hello, echoes, handshake) obeys the same queue limit. */
    private void writeInternal(OfMessage message) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        writeTogether(List.of(message), result);
        result.exceptionally(failure -> {
            LOG.debug("{}: could not send {}: {}", this, message.type(), failure.toString());
            return null;
        });
    }

    /**
     * A switch that keeps sending (its echoes keep the echo timeout quiet) but reads nothing would hold our
     * queue at its high water mark for ever: if the channel is still unwritable, in the same turn, one echo
     * timeout later, the switch is closed.
     */
    private void watchStall(ChannelHandlerContext ctx, long epoch) {
        long millis = config.echoTimeout().toMillis();
        ctx.executor().schedule(() -> {
            if (!channel.isWritable() && unwritableEpoch == epoch && channel.isActive()) {
                abort("switch read nothing for " + millis + " ms (echo timeout) with " + queuedBytes()
                        + " bytes queued");
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void closeOverLimit(String reason) {
        if (closeReason.compareAndSet(null, reason)) {
            LOG.warn("closing {} at {}: {}", this, channel.remoteAddress(), reason);
            channel.close();
        }
    }

    /** Event loop only: writes from the active stream until the channel stops being writable. */
    private void pump() {
        StreamingWrite stream = streaming;
        if (stream == null || closeReason.get() != null) {
            return; // a closed connection's stream fails when the channel goes
        }
        boolean wrote = false;
        while (channel.isWritable() && stream.messages.hasNext()) {
            OfMessage message = stream.messages.next();
            ChannelFuture write = channel.write(message);
            wrote = true;
            if (!stream.messages.hasNext()) {
                streaming = null;
                write.addListener(f -> {
                    if (f.isSuccess()) {
                        stream.result.complete(null);
                    } else {
                        stream.result.completeExceptionally(f.cause());
                    }
                });
            }
        }
        if (wrote) {
            channel.flush();
        } else if (!stream.messages.hasNext()) {
            streaming = null;
            stream.result.complete(null);
        }
        while (streaming == null && !behindStream.isEmpty()) {
            behindStream.poll().run();
        }
    }

    @Override
    public String toString() {
        return features == null ? "switch at " + channel.remoteAddress() : DatapathIds.format(datapathId());
    }

    private record StreamingWrite(Iterator<? extends OfMessage> messages, CompletableFuture<Void> result) {
    }

    private static final class PendingRequest {
        final OfMessage request;
        final Predicate<OfMessage> isLast;
        final int maxParts;
        final long deadlineNanos;
        final CompletableFuture<List<OfMessage>> result = new CompletableFuture<>();
        final List<OfMessage> replies = new ArrayList<>(1);

        PendingRequest(OfMessage request, Predicate<OfMessage> isLast, int maxParts, long deadlineNanos) {
            this.request = request;
            this.isLast = isLast;
            this.maxParts = maxParts;
            this.deadlineNanos = deadlineNanos;
        }

        /** False when the reply has more parts than allowed: the caller closes the connection. */
        boolean accept(OfMessage message) {
            if (message instanceof ErrorMessage error) {
                result.completeExceptionally(new OfErrorException(error));
                return true;
            }
            replies.add(message);
            if (isLast.test(message)) {
                result.complete(List.copyOf(replies));
            } else if (replies.size() >= maxParts) {
                replies.clear();
                return false;
            }
            return true;
        }
    }
}
