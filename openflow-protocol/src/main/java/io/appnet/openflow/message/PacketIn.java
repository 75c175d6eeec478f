package io.appnet.openflow.message;

import io.appnet.openflow.match.Match;
import java.util.Objects;

/**
 * PACKET_IN ({@code struct ofp_packet_in} of OpenFlow 1.3): a packet the switch sends to the controller.
 *
 * @param bufferId where the switch buffered the whole packet, or {@link OfReserved#NO_BUFFER_ID}
 * @param totalLen length of the whole frame; {@code data} may hold only its first bytes
 * @param cookie cookie of the flow that sent it
 * @param match the pipeline fields of the packet (in_port, metadata, tunnel fields, registers...)
 */
public record PacketIn(int xid, long bufferId, int totalLen, PacketInReason reason, int tableId, long cookie,
        Match match, Bytes data) implements OfMessage {
    public PacketIn {
        Unsigned.u32("buffer_id", bufferId);
        Unsigned.u16("total_len", totalLen);
        Objects.requireNonNull(reason, "reason");
        Unsigned.u8("table_id", tableId);
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public OfType type() {
        return OfType.PACKET_IN;
    }
}
