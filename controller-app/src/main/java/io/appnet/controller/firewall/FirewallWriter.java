package io.appnet.controller.firewall;

import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.OfMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one code that writes to a firewall device: reads its rules back (flow stats), then sends the
 * {@link DeployPlan}'s make step, a barrier, the break step, a barrier. Standard OpenFlow 1.3 only (flow-mods,
 * barriers, multipart), no bundle: a device is not assumed to have ONF bundles. Each flow-mod is sent as a request,
 * so a refusal (an OFPT_ERROR with its xid) fails the step with the offending rule; one that is refused in the make
 * step stops the deploy before anything is broken. Steps go out in chunks of {@value #CHUNK} flow-mods, each
 * followed by its barrier, so at most one chunk is queued to a device; every request fails after the connection's
 * request timeout.
 */
final class FirewallWriter {
    static final int CHUNK = 5_000;

    private FirewallWriter() {
    }

    /** Brings the device to {@code desired} (translated ADDs), make before break; completes with what it did. */
    static CompletableFuture<DeployPlan> deploy(OfConnection connection, List<FlowMod> desired) {
        return connection.multipart(new FlowStatsRequest(FlowSelection.all())).thenCompose(reply -> {
            DeployPlan plan = DeployPlan.between(desired, ((FlowStatsReply) reply).flows());
            return step(connection, plan.make(), 0).thenCompose(made -> step(connection, plan.breaks(), 0))
                    .thenApply(broken -> plan);
        });
    }

    /** Sends {@code mods} from {@code from} on, a chunk and its barrier at a time; fails with the first refusal. */
    private static CompletableFuture<Void> step(OfConnection connection, List<FlowMod> mods, int from) {
        if (from >= mods.size()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<List<OfMessage>>> outcomes = new ArrayList<>();
        for (FlowMod mod : mods.subList(from, Math.min(mods.size(), from + CHUNK))) {
            outcomes.add(connection.requestAll(mod.withXid(connection.nextXid()), reply -> true));
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
            return step(connection, mods, from + CHUNK);
        });
    }
}
