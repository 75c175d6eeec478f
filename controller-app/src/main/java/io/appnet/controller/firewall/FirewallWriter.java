package io.appnet.controller.firewall;

import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.connection.OfErrorException;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.OfMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one code that writes to a firewall device: reads its rules back (flow stats), then applies the
 * {@link DeployPlan} one of two ways. By bundle (the device answered {@link #probeBundles}): one atomic, ordered ONF
 * bundle holds the make and the break steps and is committed once the device refused none of them, so the rules
 * switch from old to new in one step; a refusal discards it and nothing changes. Make before break (standard
 * OpenFlow 1.3 only): the make step, a barrier, the break step, a barrier. Each flow-mod is sent as a request, so a
 * refusal (an OFPT_ERROR with its xid) fails the deploy with the offending rule; one refused in the make step stops
 * it before anything is broken. Flow-mods go out in chunks of {@value #CHUNK}, each followed by its barrier, so at
 * most one chunk is queued to a device; every request fails after the connection's request timeout.
 */
final class FirewallWriter {
    static final int CHUNK = 5_000;
    private static final Set<BundleFlag> FLAGS = Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED);
    private static final AtomicLong BUNDLE_IDS = new AtomicLong();

    private FirewallWriter() {
    }

    /**
     * Whether the device has ONF bundles: opens an empty bundle and discards it. Completes true on an open reply,
     * false on an error (a device without bundles answers the experimenter message with one); fails only when the
     * device does not answer or the connection closes.
     */
    static CompletableFuture<Boolean> probeBundles(OfConnection connection) {
        long bundle = BUNDLE_IDS.incrementAndGet();
        return connection.request(BundleControl.open(connection.nextXid(), bundle, FLAGS))
                .thenCompose(reply -> reply instanceof BundleControl control
                        && control.controlType() == BundleControlType.OPEN_REPLY
                        ? connection.request(BundleControl.discard(connection.nextXid(), bundle, FLAGS))
                                .thenApply(discarded -> true)
                        : CompletableFuture.completedFuture(false))
                .exceptionallyCompose(failure -> unwrap(failure) instanceof OfErrorException
                        ? CompletableFuture.completedFuture(false) : CompletableFuture.failedFuture(failure));
    }

    /** Brings the device to {@code desired} (translated ADDs), by bundle or make before break; completes with the plan. */
    static CompletableFuture<DeployPlan> deploy(OfConnection connection, List<FlowMod> desired, boolean byBundle) {
        return connection.multipart(new FlowStatsRequest(FlowSelection.all())).thenCompose(reply -> {
            DeployPlan plan = DeployPlan.between(desired, ((FlowStatsReply) reply).flows());
            if (plan.isEmpty()) {
                return CompletableFuture.completedFuture(plan);
            }
            return (byBundle ? bundle(connection, plan) : makeBeforeBreak(connection, plan)).thenApply(done -> plan);
        });
    }

    private static CompletableFuture<Void> makeBeforeBreak(OfConnection connection, DeployPlan plan) {
        return step(connection, plan.make(), 0, mod -> mod)
                .thenCompose(made -> step(connection, plan.breaks(), 0, mod -> mod));
    }

    /** Open, the make and break steps as bundle adds in chunks, commit and a barrier; discarded on a refusal. */
    private static CompletableFuture<Void> bundle(OfConnection connection, DeployPlan plan) {
        long bundle = BUNDLE_IDS.incrementAndGet();
        List<FlowMod> mods = new ArrayList<>(plan.make());
        mods.addAll(plan.breaks());
        Function<FlowMod, OfMessage> add = mod -> BundleAdd.of(bundle, FLAGS, mod);
        return connection.request(BundleControl.open(connection.nextXid(), bundle, FLAGS))
                .thenCompose(opened -> step(connection, mods, 0, add)
                        .exceptionallyCompose(refused -> connection.request(
                                        BundleControl.discard(connection.nextXid(), bundle, FLAGS))
                                .handle((discarded, ignored) -> {
                                    throw new CompletionException(unwrap(refused));
                                })))
                .thenCompose(added -> {
                    CompletableFuture<OfMessage> committed =
                            connection.request(BundleControl.commit(connection.nextXid(), bundle, FLAGS));
                    return connection.barrier().thenCombine(committed, (acknowledged, commit) -> null);
                });
    }

    /**
     * Sends {@code mods} from {@code from} on, each as {@code wrap} makes it, a chunk and its barrier at a time;
     * fails with the first refusal.
     */
    private static CompletableFuture<Void> step(OfConnection connection, List<FlowMod> mods, int from,
            Function<FlowMod, OfMessage> wrap) {
        if (from >= mods.size()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<List<OfMessage>>> outcomes = new ArrayList<>();
        for (FlowMod mod : mods.subList(from, Math.min(mods.size(), from + CHUNK))) {
            outcomes.add(connection.requestAll(wrap.apply(mod.withXid(connection.nextXid())), reply -> true));
        }
        return connection.barrier().thenCompose(barrier -> {
            Throwable refused = null;
            for (CompletableFuture<List<OfMessage>> outcome : outcomes) {
                if (refused == null && outcome.isCompletedExceptionally()) {
                    try {
                        outcome.join();
                    } catch (CompletionException | CancellationException e) {
                        refused = e.getCause() == null ? e : e.getCause();
                    }
                }
                outcome.cancel(false); // no reply by the barrier: accepted
            }
            if (refused != null) {
                throw new CompletionException(refused);
            }
            return step(connection, mods, from + CHUNK, wrap);
        });
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
