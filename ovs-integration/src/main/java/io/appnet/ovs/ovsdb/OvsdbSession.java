package io.appnet.ovs.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.handler.ssl.SslHandler;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's OVSDB connection (it dialled us after {@code ovs-vsctl set-manager}). Monitors the host's
 * Open_vSwitch, Bridge, Port and Interface rows into an immutable {@link HostSnapshot}, answers the host's
 * echoes and probes it in turn, and sends transactions with replies matched by id.
 *
 * <p>Methods may be called from any thread. Futures complete on the session's network thread, so code chained
 * on them must not block (use the {@code *Async} variants for that). Operations complete once this session's
 * snapshot shows their effect, so a caller can rely on {@link #snapshot()} right after.
 */
public final class OvsdbSession {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbSession.class);
    /** Bytes we may have queued to a host that does not read (we only send transactions, echoes and probes). */
    static final long MAX_QUEUED_BYTES = 4L << 20;
    /** Largest echo request answered (OVS sends {@code []}); a larger one closes the session. */
    static final int MAX_ECHO_BYTES = 4096;

    private final Channel channel;
    private final OvsdbServerConfig config;
    private final HostEvents events;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile HostSnapshot snapshot = HostSnapshot.empty();
    /** Set once, by the first close: from then on nothing is answered, written or closed again. */
    private final AtomicReference<String> closeReason = new AtomicReference<>();

    // Confined to the channel's event loop:
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private DatabaseState state = DatabaseState.empty();
    private boolean monitoring;
    private long nextId = 1;
    private long unwritableEpoch; // counts the channel's turns to unwritable

    private record Pending(Consumer<JsonRpcMessage> onReply, Consumer<Throwable> onFailure) { }

    private record Waiter(Predicate<HostSnapshot> condition, CompletableFuture<Outcome> result, Outcome outcome) { }

    OvsdbSession(Channel channel, OvsdbServerConfig config, HostEvents events) {
        this.channel = channel;
        this.config = config;
        this.events = events;
    }

    /** What the host's database shows now; empty until the monitor reply has arrived. */
    public HostSnapshot snapshot() {
        return snapshot;
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** The controller's end of the connection: the address and port the host's Manager target names. */
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    /**
     * The leaf certificate the host presented in the TLS handshake; empty on a plaintext session (or before
     * the handshake, which ends before the first message is read).
     */
    public Optional<X509Certificate> peerCertificate() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        try {
            return tls == null ? Optional.empty()
                    : Optional.of((X509Certificate) tls.engine().getSession().getPeerCertificates()[0]);
        } catch (SSLPeerUnverifiedException notYet) {
            return Optional.empty();
        }
    }

    public boolean isActive() {
        return channel.isActive() && closeReason.get() == null;
    }

    /** Completes with the reason once the session has closed. */
    public CompletableFuture<String> closeFuture() {
        return closed;
    }

    /** Why the session closed, or null while it is open. */
    public String closeReason() {
        return closeReason.get();
    }

    /**
     * Sends one transaction; completes with one result per operation, or fails with
     * {@link TransactionFailedException} (nothing took effect) or {@link SessionClosedException}.
     */
    public CompletableFuture<List<OperationResult>> transact(List<Operation> operations) {
        List<Operation> copy = List.copyOf(operations);
        CompletableFuture<List<OperationResult>> result = new CompletableFuture<>();
        onEventLoop(result, () -> sendTransact(copy, result::complete, result::completeExceptionally));
        return result.orTimeout(config.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sets {@code external_ids:<key>=<value>} on the host's Open_vSwitch record, keeping its other keys. */
    public CompletableFuture<Outcome> setOpenVswitchExternalId(String key, String value) {
        if (key == null || key.isEmpty() || value == null) {
            throw new IllegalArgumentException("an external id needs a non-empty key and a value");
        }
        return execute(current -> HostPlans.setOpenVswitchExternalId(current, key, value));
    }

    /**
     * Makes {@code portName} on {@code bridge} a VXLAN port with exactly {@code options} (e.g.
     * {@link TunnelOptions#flowBased()}), creating it in one transaction if absent. Calling it again
     * changes nothing. Fails with {@link IllegalStateException} if the bridge is missing or the name belongs
     * to a port that is not such a tunnel port on that bridge.
     */
    public CompletableFuture<Outcome> ensureTunnelPort(String bridge, String portName, Map<String, String> options) {
        HostPlans.requirePortName(bridge);
        HostPlans.requirePortName(portName);
        Map<String, String> copy = Map.copyOf(options);
        if (copy.keySet().stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("option names must not be empty: " + options);
        }
        return execute(current -> HostPlans.ensureTunnelPort(current, bridge, portName, copy));
    }

    /** Removes the port from the bridge (OVS then drops its interfaces); UNCHANGED if there is no such port. */
    public CompletableFuture<Outcome> deletePort(String bridge, String portName) {
        HostPlans.requirePortName(bridge);
        HostPlans.requirePortName(portName);
        return execute(current -> HostPlans.deletePort(current, bridge, portName));
    }

    /** Closes the session; the reason is logged and given to the listener. */
    public void close(String reason) {
        closeWith(reason, false);
    }

    /**
     * Only the first close closes: under TLS the channel stays open while its close_notify is flushed, and
     * each further close would queue another write.
     */
    private void closeWith(String reason, boolean violation) {
        if (closeReason.compareAndSet(null, reason)) {
            if (violation) {
                LOG.warn("closing OVSDB session {}: {}", this, reason);
            } else {
                LOG.info("closing OVSDB session {}: {}", this, reason);
            }
            channel.close();
        }
    }

    /**
     * Closes a host that reads nothing at once, under TLS too: its close_notify could never pass the full
     * queue, and SslHandler would keep the channel, and all it holds, for its close-notify flush timeout
     * waiting to send one. So the socket is closed beneath the TLS handler, without a close_notify.
     */
    private void abort(String reason) {
        if (closeReason.compareAndSet(null, reason)) {
            LOG.warn("closing OVSDB session {}: {}", this, reason);
            ChannelHandlerContext tls = channel.pipeline().context(SslHandler.class);
            ChannelOutboundInvoker transport = tls != null ? tls : channel;
            transport.close();
        }
    }

    // ---- called by SessionHandler on the event loop ----

    void start() {
        LOG.info("OVSDB session from {}", remoteAddress());
        send("monitor", MonitoredSchema.monitorParams(), this::monitorReplied, failure -> { });
    }

    void received(JsonRpcMessage message) {
        if (closeReason.get() != null) {
            return; // closed by us, the channel not yet: nothing more is answered
        }
        try {
            if (message instanceof JsonRpcMessage.Request request) {
                if (!request.method().equals("echo")) {
                    throw new OvsdbProtocolException("unknown request method '" + abbreviate(request.method()) + "'");
                }
                if (!fitsIn(request.params(), MAX_ECHO_BYTES)) {
                    throw new OvsdbProtocolException("echo request over " + MAX_ECHO_BYTES + " bytes");
                }
                write(new JsonRpcMessage.Reply(request.id(), request.params()));
            } else if (message instanceof JsonRpcMessage.Notification notification) {
                if (!notification.method().equals("update")) {
                    throw new OvsdbProtocolException("unknown notification '" + abbreviate(notification.method()) + "'");
                }
                updated(notification.params());
            } else {
                JsonNode id = message instanceof JsonRpcMessage.Reply reply ? reply.id()
                        : ((JsonRpcMessage.ErrorReply) message).id();
                Pending request = id.isIntegralNumber() && id.canConvertToLong() ? pending.remove(id.longValue()) : null;
                if (request == null) {
                    throw new OvsdbProtocolException("reply to id " + OvsdbJson.abbreviate(id) + " that we never sent");
                }
                request.onReply().accept(message);
            }
        } catch (OvsdbProtocolException e) {
            violated(e.getMessage());
        }
    }

    /** After a silent echo interval we probe; after a second one the host is dead. */
    void idle(boolean firstSilentInterval) {
        if (firstSilentInterval) {
            send("echo", OvsdbJson.NODES.arrayNode(), reply -> { }, failure -> { });
        } else {
            close("no message from the host for " + 2 * config.echoInterval().toMillis() + " ms (echo unanswered)");
        }
    }

    /**
     * The channel turned unwritable: a host that still reads nothing two echo intervals later (its own echoes
     * may keep our idle probe quiet) is closed, so what we queue for it stays under the water mark.
     */
    void unwritable() {
        long epoch = ++unwritableEpoch;
        long millis = 2 * config.echoInterval().toMillis();
        channel.eventLoop().schedule(() -> {
            if (!channel.isWritable() && unwritableEpoch == epoch && channel.isActive()) {
                abort("the host read nothing for " + millis + " ms with " + queuedBytes() + " bytes queued");
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** Malformed or hostile input, or a failure on our side: the session ends with a logged reason. */
    void violated(String reason) {
        closeWith("protocol violation: " + reason, true);
    }

    void failed(String reason) {
        closeWith(reason, true);
    }

    void inactive() {
        if (closeReason.compareAndSet(null, "the host closed the connection")) {
            LOG.info("OVSDB session {} ended: {}", this, closeReason.get());
        }
        String reason = closeReason.get();
        SessionClosedException failure = new SessionClosedException(reason);
        List<Pending> requests = new ArrayList<>(pending.values());
        pending.clear();
        requests.forEach(request -> request.onFailure().accept(failure));
        waiters.forEach(waiter -> waiter.result().completeExceptionally(failure));
        waiters.clear();
        events.disconnected(this, reason);
        closed.complete(reason);
    }

    // ---- event loop internals ----

    private void monitorReplied(JsonRpcMessage reply) {
        if (reply instanceof JsonRpcMessage.ErrorReply error) {
            throw new OvsdbProtocolException("the host refused our monitor: " + OvsdbJson.abbreviate(error.error()));
        }
        apply(TableUpdates.parse(((JsonRpcMessage.Reply) reply).result()), false);
        monitoring = true;
        HostSnapshot first = snapshot;
        // A session replaces another only if it is the same record from the same certified peer: a peer that
        // copies another host's record UUID must not close that host's live session.
        String peer = peerCertificate().map(cert -> cert.getSubjectX500Principal().getName() + " ").orElse("");
        String hostKey = first.openVswitchUuid().map(uuid -> peer + "Open_vSwitch " + uuid)
                .orElse("remote " + remoteAddress());
        LOG.info("OVSDB session {} monitoring: host id {}, {} bridges", this, first.hostId().orElse("(none)"),
                first.bridges().size());
        events.connected(this, hostKey);
    }

    private void updated(ArrayNode params) {
        if (!monitoring) {
            throw new OvsdbProtocolException("update before the monitor reply");
        }
        if (params.size() != 2 || !params.get(0).isTextual() || !params.get(0).textValue().equals(MonitoredSchema.MONITOR_ID)) {
            throw new OvsdbProtocolException("update params must be [\"" + MonitoredSchema.MONITOR_ID
                    + "\", <table-updates>], not " + OvsdbJson.abbreviate(params));
        }
        apply(TableUpdates.parse(params.get(1)), true);
    }

    /** Both steps may throw; only when both succeed does the session take the new state. */
    private void apply(TableUpdates updates, boolean announce) {
        DatabaseState nextState = state.apply(updates);
        HostSnapshot next = SnapshotReader.read(nextState);
        HostSnapshot previous = snapshot;
        state = nextState;
        snapshot = next;
        if (announce && !next.equals(previous)) {
            events.changed(this, previous, next);
        }
        waiters.removeIf(waiter -> {
            if (waiter.result().isDone()) {
                return true;
            }
            if (waiter.condition().test(next)) {
                waiter.result().complete(waiter.outcome());
                return true;
            }
            return false;
        });
    }

    private CompletableFuture<Outcome> execute(Function<HostSnapshot, Plan> planner) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        onEventLoop(result, () -> {
            if (!monitoring) {
                throw new IllegalStateException("session " + this + " has no snapshot yet");
            }
            Plan plan = planner.apply(snapshot);
            if (plan.operations().isEmpty()) {
                result.complete(plan.outcome());
                return;
            }
            sendTransact(plan.operations(), results -> {
                if (plan.applied().test(snapshot)) {
                    result.complete(plan.outcome());
                } else {
                    waiters.add(new Waiter(plan.applied(), result, plan.outcome()));
                }
            }, result::completeExceptionally);
        });
        return result.orTimeout(config.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendTransact(List<Operation> operations, Consumer<List<OperationResult>> onResults,
            Consumer<Throwable> onFailure) {
        send("transact", TransactCodec.params(operations), reply -> {
            if (reply instanceof JsonRpcMessage.ErrorReply error) {
                onFailure.accept(TransactCodec.requestFailure(error.error()));
                return;
            }
            List<OperationResult> results;
            try {
                results = TransactCodec.results(((JsonRpcMessage.Reply) reply).result(), operations);
            } catch (TransactionFailedException e) {
                onFailure.accept(e);
                return;
            } catch (OvsdbProtocolException e) {
                onFailure.accept(e);
                throw e; // and the session closes
            }
            onResults.accept(results);
        }, onFailure);
    }

    /**
     * Every request we send is answered within the operation timeout or the session closes: a host that leaves
     * one unanswered is read afresh after it reconnects (OVS redials), and nothing waits on it meanwhile.
     */
    private void send(String method, ArrayNode params, Consumer<JsonRpcMessage> onReply, Consumer<Throwable> onFailure) {
        long id = nextId++;
        Pending request = new Pending(onReply, onFailure);
        pending.put(id, request);
        long millis = config.operationTimeout().toMillis();
        channel.eventLoop().schedule(() -> {
            if (pending.get(id) == request) {
                failed("no reply to our " + method + " (id " + id + ") within " + millis + " ms");
            }
        }, millis, TimeUnit.MILLISECONDS);
        write(new JsonRpcMessage.Request(OvsdbJson.NODES.numberNode(id), method, params));
    }

    /**
     * The one writer to the channel: a host over the queue limit is closed instead of being written to, so at
     * most the limit and one message are queued; a closed session writes nothing.
     */
    private void write(JsonRpcMessage message) {
        long queued = queuedBytes();
        if (closeReason.get() == null && queued > MAX_QUEUED_BYTES) {
            abort("the host is not reading: " + queued + " bytes queued, limit " + MAX_QUEUED_BYTES);
        }
        if (closeReason.get() != null) {
            return;
        }
        channel.writeAndFlush(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /** Bytes we wrote that the socket has not taken, the TLS handler's plaintext queue included. */
    long queuedBytes() {
        var outbound = channel.unsafe().outboundBuffer();
        return outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    /** Always queued, never inline, so a caller's callback can never re-enter the session mid-update. */
    private void onEventLoop(CompletableFuture<?> result, Runnable task) {
        try {
            channel.eventLoop().execute(() -> {
                if (!isActive()) {
                    String reason = closeReason.get();
                    result.completeExceptionally(new SessionClosedException(
                            reason != null ? reason : "the session is closed"));
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new SessionClosedException("the OVSDB server has shut down"));
        }
    }

    /** Whether {@code json} would take at most about {@code limit} bytes as text; stops counting at the limit. */
    static boolean fitsIn(JsonNode json, int limit) {
        ArrayDeque<JsonNode> todo = new ArrayDeque<>(List.of(json));
        long size = 0;
        while (!todo.isEmpty() && size <= limit) {
            JsonNode node = todo.pop();
            size += node.isValueNode() ? node.asText().length() + 2 : 2;
            var fields = node.fields();
            while (fields.hasNext() && size <= limit) {
                var field = fields.next();
                size += field.getKey().length() + 4;
                todo.push(field.getValue());
            }
            if (node.isArray()) {
                node.elements().forEachRemaining(todo::push);
            }
        }
        return size <= limit;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    @Override
    public String toString() {
        String host = snapshot.hostId().orElse("?");
        return host + "@" + remoteAddress();
    }
}
