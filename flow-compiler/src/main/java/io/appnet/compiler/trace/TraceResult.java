package io.appnet.compiler.trace;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.pipeline.DropReason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to a packet in one datapath: every step, the packets output (with their headers and
 * tunnel metadata as they leave), and, if nothing was output, why it was dropped.
 */
public record TraceResult(List<TraceStep> steps, List<Output> outputs, DropReason dropReason, boolean tableMiss,
                          Conntrack conntrack) {

    /** A packet leaving on a port. */
    public record Output(long port, Packet packet) {
        @Override
        public String toString() {
            long tunnelDestination = packet.get(MatchField.TUN_DST);
            return "output to port " + port + (tunnelDestination == 0 ? ""
                    : " (tun_id=0x" + Long.toHexString(packet.get(MatchField.TUN_ID)) + ", tun_dst="
                    + Ipv4Address.of((int) tunnelDestination) + ")");
        }
    }

    public TraceResult {
        steps = List.copyOf(steps);
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(conntrack);
    }

    public boolean dropped() {
        return outputs.isEmpty();
    }

    public Optional<DropReason> drop() {
        return dropped() ? Optional.ofNullable(dropReason) : Optional.empty();
    }

    /** The flows matched, in order (actions-only steps left out). */
    public List<FlowEntry> matchedFlows() {
        return steps.stream().filter(step -> step.flow() != null).map(TraceStep::flow).toList();
    }

    public boolean ambiguous() {
        return steps.stream().anyMatch(TraceStep::ambiguous);
    }

    /** The verdict in one line. */
    public String verdict() {
        if (!outputs.isEmpty()) {
            return String.join("; ", outputs.stream().map(Output::toString).toList());
        }
        if (dropReason != null) {
            return "drop: " + dropReason.name().toLowerCase().replace('_', '-') + " (" + dropReason.description() + ")";
        }
        return tableMiss ? "drop: table miss" : "drop: no output";
    }

    /** An ovn-trace-like listing: one block per matched flow, then the verdict. */
    public String render() {
        StringBuilder text = new StringBuilder();
        for (TraceStep step : steps) {
            text.append(step).append('\n');
        }
        return text.append("verdict: ").append(verdict()).append('\n').toString();
    }
}
