package io.appnet.openflow.message;

import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.match.Match;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One flow as a switch reports it ({@code struct ofp_flow_stats} of OpenFlow 1.3); counts are unsigned 64-bit.
 *
 * @param durationSec seconds the flow has existed
 * @param durationNsec nanoseconds beyond {@code durationSec}
 */
public record FlowStats(int tableId, long durationSec, long durationNsec, int priority, int idleTimeout,
        int hardTimeout, Set<FlowModFlag> flags, long cookie, long packetCount, long byteCount, Match match,
        List<Instruction> instructions) {
    public FlowStats {
        Unsigned.u8("table_id", tableId);
        Unsigned.u32("duration_sec", durationSec);
        Unsigned.u32("duration_nsec", durationNsec);
        Unsigned.u16("priority", priority);
        Unsigned.u16("idle_timeout", idleTimeout);
        Unsigned.u16("hard_timeout", hardTimeout);
        flags = FlowModFlag.setOf(flags);
        Objects.requireNonNull(match, "match");
        instructions = List.copyOf(instructions);
    }

    public Duration duration() {
        return Duration.ofSeconds(durationSec, durationNsec);
    }
}
