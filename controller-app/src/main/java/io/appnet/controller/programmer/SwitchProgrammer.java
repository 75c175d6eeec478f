package io.appnet.controller.programmer;

import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.openflow.action.Instructions;
import io.appnet.openflow.codec.OfMessageCodec;
import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfErrorException;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.text.FlowText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one switch equal to its desired tables without ever flushing it. On (re)connect,
 * {@link #reconcile} reads the switch's flows and sends only the differences atomically (one ONF bundle, or a
 * lone flow-mod when there is only one), then a barrier; on a change, {@link #apply} sends only the compiler's
 * delta the same way. Flows in
 * appnet's cookie space that are not desired are removed; foreign flows are reported and left.
 */
public final class SwitchProgrammer {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchProgrammer.class);
    private static final Set<BundleFlag> FLAGS = Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED);
    private static final AtomicLong BUNDLE_IDS = new AtomicLong();
    /** Up to this many flow-mods, a bundle's open, adds and barrier go out in one write (see {@link #sendBundle}). */
    static final int WRITTEN_TOGETHER = 1_000;

    /** Lazy, because sorting or even listing a host's tables on every change would cost more than the change. */
    private volatile Supplier<Collection<FlowEntry>> desired;
    private volatile List<String> foreignFlows = List.of();
    private Supplier<Collection<FlowEntry>> digestOf; // guarded by this: the desired flows digest was computed for
    private long digest; // guarded by this

    public SwitchProgrammer(DatapathTables desired) {
        this.desired = desired::flows;
    }

    public SwitchProgrammer(List<FlowEntry> desired) {
        List<FlowEntry> copy = List.copyOf(desired);
        this.desired = () -> copy;
    }

    /** The desired flows in dump-flows order. */
    public List<FlowEntry> desired() {
        List<FlowEntry> flows = new ArrayList<>(desired.get());
        flows.sort(DatapathTables.DISPLAY_ORDER);
        return flows;
    }

    /** The foreign flows (ovs-ofctl text) found by the last reconcile. */
    public List<String> foreignFlows() {
        return foreignFlows;
    }

    /** Reads the switch's flows and sends what differs from the desired tables; completes with that diff. */
    public CompletableFuture<FlowDiff> reconcile(OfConnection connection) {
        // Asked for first: the switch dumps its flows (100k: hundreds of ms) while the desired ones are translated.
        return reconcile(connection, readFlows(connection));
    }

    /** Asks the switch for every flow it holds. */
    public static CompletableFuture<List<FlowStats>> readFlows(OfConnection connection) {
        return connection.multipart(new FlowStatsRequest(FlowSelection.all()))
                .thenApply(reply -> ((FlowStatsReply) reply).flows());
    }

    /** As {@link #reconcile(OfConnection)}, against {@code flows}, the switch's flows read by {@link #readFlows}. */
    public CompletableFuture<FlowDiff> reconcile(OfConnection connection, CompletableFuture<List<FlowStats>> flows) {
        return reconcile(connection, flows, false);
    }

    /**
     * As above; a sync marker found on the switch is deleted in the same bundle unless {@code keepMarker} (the
     * marker was just found true): a reconcile leaves no marker it cannot vouch for.
     */
    public CompletableFuture<FlowDiff> reconcile(OfConnection connection, CompletableFuture<List<FlowStats>> flows,
                                                 boolean keepMarker) {
        List<FlowMod> wanted;
        try {
            wanted = translate(connection, desired);
        } catch (IllegalArgumentException untranslatable) {
            return CompletableFuture.failedFuture(untranslatable);
        }
        return flows.thenCompose(held -> {
            FlowDiff diff = FlowDiff.between(wanted, held);
            report(connection, diff.foreign());
            boolean deleteMarker = !keepMarker && held.stream().anyMatch(flow -> SyncMarker.is(flow.cookie()));
            return send(connection, deleteMarker ? withMarkerDeleted(diff.mods()) : diff.mods()).thenApply(done -> diff);
        });
    }

    /** The desired flows as they are now; later changes do not show in it (the tables are immutable). */
    Supplier<Collection<FlowEntry>> desiredNow() {
        return desired;
    }

    /**
     * What differs between {@code held}, the switch's flows, and {@code wanted}, desired flows from
     * {@link #desiredNow}; the foreign flows are reported. Sends nothing: an audit repairs later ({@link #repair}).
     */
    FlowDiff drift(OfConnection connection, Supplier<Collection<FlowEntry>> wanted, List<FlowStats> held) {
        FlowDiff diff = FlowDiff.between(translate(connection, wanted), held);
        report(connection, diff.foreign());
        return diff;
    }

    /** Sends {@code mods} as a reconcile sends its differences: atomically (see {@link #send}); nothing for none. */
    CompletableFuture<Void> repair(OfConnection connection, List<FlowMod> mods) {
        return send(connection, mods);
    }

    private static List<FlowMod> translate(OfConnection connection, Supplier<Collection<FlowEntry>> flows) {
        List<FlowMod> adds = new ArrayList<>();
        try {
            for (FlowEntry flow : flows.get()) {
                adds.add(FlowTranslator.add(flow));
            }
        } catch (IllegalArgumentException untranslatable) {
            LOG.error("switch {}: cannot translate the desired tables, nothing sent: {}",
                    Long.toHexString(connection.datapathId()), untranslatable.getMessage());
            throw untranslatable;
        }
        return adds;
    }

    /** Sends the compiler's delta for this switch and makes {@code tables} the desired state. */
    public CompletableFuture<Void> apply(OfConnection connection, DatapathDelta delta, DatapathTables tables) {
        return apply(connection, delta, tables, false);
    }

    /** As above; with {@code deleteMarker}, the sync marker is deleted in the delta's bundle. */
    public CompletableFuture<Void> apply(OfConnection connection, DatapathDelta delta, DatapathTables tables,
                                        boolean deleteMarker) {
        setDesired(tables, delta);
        List<FlowMod> mods = new ArrayList<>();
        if (deleteMarker) {
            mods.add(SyncMarker.delete());
        }
        try {
            for (io.appnet.compiler.FlowMod mod : delta.mods()) {
                mods.addAll(FlowTranslator.translate(mod));
            }
        } catch (IllegalArgumentException untranslatable) {
            LOG.error("switch {}: cannot translate the delta, nothing sent: {}",
                    Long.toHexString(connection.datapathId()), untranslatable.getMessage());
            return CompletableFuture.failedFuture(untranslatable);
        }
        return send(connection, mods);
    }

    /** Records the new desired tables without a connection (the next reconcile installs them). */
    public void setDesired(DatapathTables tables) {
        desired = tables::flows;
    }

    /** As above, {@code delta} leading to them from the current ones: a known digest follows it cheaply. */
    public synchronized void setDesired(DatapathTables tables, DatapathDelta delta) {
        boolean known = digestOf == desired;
        desired = tables::flows;
        if (known) {
            digest = SyncMarker.digestAfter(digest, delta);
            digestOf = desired;
        }
    }

    /** The {@link SyncMarker#digest} of the desired tables (computed once, then kept up to date by deltas). */
    public synchronized long desiredDigest() {
        Supplier<Collection<FlowEntry>> current = desired;
        if (digestOf != current) {
            digest = SyncMarker.digest(current.get());
            digestOf = current;
        }
        return digest;
    }

    /** Replaces any sync marker by one carrying the desired tables' digest, in one bundle. */
    public CompletableFuture<Void> writeMarker(OfConnection connection) {
        return send(connection, List.of(SyncMarker.delete(), SyncMarker.flow(desiredDigest())));
    }

    private static List<FlowMod> withMarkerDeleted(List<FlowMod> mods) {
        if (mods.isEmpty()) {
            return List.of(SyncMarker.delete());
        }
        List<FlowMod> withDelete = new ArrayList<>(mods.size() + 1);
        withDelete.add(SyncMarker.delete());
        withDelete.addAll(mods);
        return withDelete;
    }

    /**
     * Sends the mods atomically, then a barrier; completes when the barrier answers, and fails, with nothing
     * applied, if the switch refused any of them. Each flow-mod is sent as a request so that a refusal reaches us
     * with the offending flow. Nothing for no mods.
     */
    private CompletableFuture<Void> send(OfConnection connection, List<FlowMod> mods) {
        if (mods.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> sent =
                mods.size() == 1 ? sendAlone(connection, mods.get(0)) : sendBundle(connection, mods);
        return sent.whenComplete((done, failure) -> {
            if (failure == null) {
                return;
            }
            String what = mods.size() == 1 ? "the flow-mod" : "the bundle of " + mods.size() + " flow-mods";
            String datapath = Long.toHexString(connection.datapathId());
            if (refusal(failure)) {
                LOG.error("switch {} refused {} (nothing applied): {}", datapath, what, describe(failure));
            } else { // the session ended or timed out: the switch is reconciled when it is back
                LOG.warn("switch {}: {} not confirmed: {}", datapath, what, describe(failure));
            }
        });
    }

    /**
     * One flow-mod is atomic by itself, so it needs no bundle: it and a barrier go out together (one write to the
     * socket), one round trip.
     * Open vSwitch handles a connection's messages in order and sends a refusal as it handles the flow-mod, so
     * once the barrier answers, a flow-mod with no reply was applied.
     */
    private static CompletableFuture<Void> sendAlone(OfConnection connection, FlowMod mod) {
        OfConnection.Exchange sent = connection.requestsThenBarrier(List.of(mod.withXid(connection.nextXid())));
        CompletableFuture<List<OfMessage>> outcome = sent.outcomes().get(0);
        return sent.barrier().thenApply(barrier -> {
            Throwable refused = firstFailure(List.of(outcome));
            outcome.cancel(false); // no reply: accepted
            if (refused != null) {
                throw new CompletionException(refused);
            }
            return null;
        });
    }

    /**
     * One atomic bundle in two round trips: open, the flow-mods and a barrier go out together; once the
     * barrier answers, the bundle is committed if the switch refused none of them (Open vSwitch refuses a bad
     * add at once and would commit the rest), else discarded; the commit and a final barrier go out together.
     * Each pair in one write to the socket, but for a bundle of more than {@link #WRITTEN_TOGETHER} flow-mods
     * (a reconcile's), whose messages are written one by one so that the event loop serves other switches between.
     */
    private static CompletableFuture<Void> sendBundle(OfConnection connection, List<FlowMod> mods) {
        long bundle = BUNDLE_IDS.incrementAndGet();
        List<OfMessage> staged = new ArrayList<>(mods.size() + 1);
        staged.add(BundleControl.open(connection.nextXid(), bundle, FLAGS));
        for (FlowMod mod : mods) {
            staged.add(BundleAdd.of(bundle, FLAGS, mod.withXid(connection.nextXid())));
        }
        OfConnection.Exchange sent = mods.size() <= WRITTEN_TOGETHER ? connection.requestsThenBarrier(staged)
                : oneByOne(connection, staged);
        List<CompletableFuture<List<OfMessage>>> outcomes = sent.outcomes();
        return sent.barrier()
                .thenCompose(barrier -> {
                    Throwable refused = firstFailure(outcomes);
                    outcomes.subList(1, outcomes.size()).forEach(outcome -> outcome.cancel(false)); // no reply: accepted
                    if (refused != null) {
                        return connection.request(BundleControl.discard(connection.nextXid(), bundle, FLAGS))
                                .handle((discarded, ignored) -> {
                                    throw new CompletionException(refused);
                                });
                    }
                    OfConnection.Exchange commit = connection.requestsThenBarrier(
                            List.of(BundleControl.commit(connection.nextXid(), bundle, FLAGS)));
                    return commit.barrier()
                            .thenCombine(commit.outcomes().get(0), (acknowledged, committed) -> committed);
                })
                .<Void>thenApply(committed -> null);
    }

    /** As {@link OfConnection#requestsThenBarrier}, each message written on its own. */
    private static OfConnection.Exchange oneByOne(OfConnection connection, List<OfMessage> requests) {
        List<CompletableFuture<List<OfMessage>>> outcomes = new ArrayList<>(requests.size());
        for (OfMessage request : requests) {
            outcomes.add(connection.requestAll(request, reply -> true));
        }
        return new OfConnection.Exchange(outcomes, connection.barrier());
    }

    private static Throwable firstFailure(List<CompletableFuture<List<OfMessage>>> outcomes) {
        for (CompletableFuture<List<OfMessage>> outcome : outcomes) {
            if (outcome.isCompletedExceptionally()) {
                try {
                    outcome.join();
                } catch (CompletionException e) {
                    return e.getCause();
                } catch (java.util.concurrent.CancellationException e) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The flow-mod with command ADD, which is what ovs text can render (the command is printed apart). */
    private static FlowMod asAdd(FlowMod mod) {
        return new FlowMod(mod.xid(), io.appnet.openflow.message.FlowModCommand.ADD, mod.cookie(), 0, mod.tableId(),
                mod.idleTimeout(), mod.hardTimeout(), mod.priority(), mod.bufferId(), mod.outPort(), mod.outGroup(),
                mod.flags(), mod.match(), mod.instructions());
    }

    /** Keeps the foreign flows for operators and warns once about each new one (audits repeat every reconcile). */
    private void report(OfConnection connection, List<FlowStats> foreign) {
        List<String> texts = new ArrayList<>();
        for (FlowStats flow : foreign) {
            texts.add("cookie=0x" + Long.toHexString(flow.cookie()) + ", table=" + flow.tableId() + ", priority="
                    + flow.priority() + "," + flow.match().toOvsText() + " actions="
                    + Instructions.toOvsText(flow.instructions()));
        }
        Set<String> known = Set.copyOf(foreignFlows);
        foreignFlows = List.copyOf(texts);
        for (String text : texts) {
            if (!known.contains(text)) {
                LOG.warn("switch {} has a foreign flow (left in place): {}", Long.toHexString(connection.datapathId()),
                        text);
            }
        }
    }

    /** Whether the switch answered with an error, as opposed to the session ending or a request timing out. */
    static boolean refusal(Throwable failure) {
        return unwrapped(failure) instanceof OfErrorException;
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The error, with the refused message decoded from its data when the switch sent it whole. */
    static String describe(Throwable failure) {
        Throwable cause = unwrapped(failure);
        if (!(cause instanceof OfErrorException error)) {
            return String.valueOf(cause);
        }
        ErrorMessage message = error.error();
        try {
            OfMessage refused = OfMessageCodec.decode(message.data().toArray());
            if (refused instanceof BundleAdd add) {
                refused = add.message();
            }
            return cause.getMessage() + " for " + (refused instanceof FlowMod mod
                    ? mod.command() + " " + FlowText.of(asAdd(mod)) : refused);
        } catch (RuntimeException undecodable) {
            return cause.getMessage() + " (data not decodable: " + undecodable.getMessage() + ")";
        }
    }
}
