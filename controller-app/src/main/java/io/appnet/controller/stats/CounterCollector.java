package io.appnet.controller.stats;

import io.appnet.openflow.connection.OfConnection;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads every connected switch's flow counters at once and sums them; a switch that does not answer in time is
 * left out (and named) rather than holding the others.
 */
public final class CounterCollector {

    private CounterCollector() {
    }

    /** The sum over the switches that answered within {@code timeoutMillis}, and how many did not. */
    public record Collected(Counters counters, int switchesAsked, List<String> missing) {
    }

    public static Collected collect(Collection<OfConnection> switches, long timeoutMillis) {
        List<CompletableFuture<FlowStatsReply>> replies = new ArrayList<>();
        List<OfConnection> asked = new ArrayList<>(switches);
        for (OfConnection connection : asked) {
            replies.add(connection.multipart(new FlowStatsRequest(FlowSelection.all()))
                    .thenApply(reply -> (FlowStatsReply) reply)
                    .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS));
        }
        Counters sum = Counters.none();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            try {
                sum = sum.plus(replies.get(i).join().flows());
            } catch (RuntimeException failed) {
                missing.add(String.format("%016x", asked.get(i).datapathId()));
            }
        }
        return new Collected(sum, asked.size(), missing);
    }
}
