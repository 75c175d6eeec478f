package io.appnet.openflow.message;

import io.appnet.openflow.action.Action;
import io.appnet.openflow.action.OfPorts;
import java.util.List;
import java.util.Objects;

/**
 * PACKET_OUT ({@code struct ofp_packet_out}): runs {@code actions} on a packet, either {@code data} or the one
 * buffered in the switch as {@code bufferId}.
 *
 * @param inPort the port the packet is taken to have arrived on, or {@link OfPorts#CONTROLLER}
 */
public record PacketOut(int xid, long bufferId, long inPort, List<Action> actions, Bytes data) implements OfMessage {
    public PacketOut {
        Unsigned.u32("buffer_id", bufferId);
        Unsigned.u32("in_port", inPort);
        actions = List.copyOf(actions);
        Objects.requireNonNull(data, "data");
        if (bufferId != OfReserved.NO_BUFFER_ID && data.length() > 0) {
            throw new IllegalArgumentException("a packet-out carries a buffered packet or data, not both");
        }
    }

    /** Sends the frame {@code data} through {@code actions} as if it had arrived on {@code inPort}. */
    public static PacketOut of(int xid, long inPort, List<Action> actions, Bytes data) {
        return new PacketOut(xid, OfReserved.NO_BUFFER_ID, inPort, actions, data);
    }

    @Override
    public OfType type() {
        return OfType.PACKET_OUT;
    }
}
