package io.appnet.controller.programmer;

import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * What a new connection reads of its switch: the {@link SyncMarker}'s digest (one small flow-stats request), and,
 * only if that is not the digest of the desired tables, every flow for a reconcile.
 *
 * @param marker the digest the switch's marker carries; empty without a (well-formed) marker
 * @param flows every flow of the switch; empty when the marker matched at the time of reading
 */
record RejoinRead(OptionalLong marker, Optional<List<FlowStats>> flows) {

    /** Reads the marker, and the flows unless the marker carries {@code programmer}'s desired digest. */
    static CompletableFuture<RejoinRead> of(OfConnection connection, SwitchProgrammer programmer) {
        CompletableFuture<OptionalLong> marker = connection.multipart(new FlowStatsRequest(SyncMarker.selection()))
                .thenApply(reply -> SyncMarker.digestIn(((FlowStatsReply) reply).flows()));
        CompletableFuture<Long> desired = CompletableFuture.supplyAsync(programmer::desiredDigest); // meanwhile
        return marker.thenCombine(desired, (found, digest) -> found)
                .thenCompose(found -> carries(found, programmer.desiredDigest())
                        ? CompletableFuture.completedFuture(new RejoinRead(found, Optional.empty()))
                        : SwitchProgrammer.readFlows(connection).thenApply(
                                flows -> new RejoinRead(found, Optional.of(flows))));
    }

    /** Whether the marker carries {@code digest}, the desired tables' now (they may have changed since the read). */
    boolean markerCarries(long digest) {
        return carries(marker, digest);
    }

    private static boolean carries(OptionalLong marker, long digest) {
        return marker.isPresent() && marker.getAsLong() == digest;
    }
}
