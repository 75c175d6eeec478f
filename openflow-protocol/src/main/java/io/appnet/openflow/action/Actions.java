package io.appnet.openflow.action;

import io.appnet.openflow.codec.OfDecodeException;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.stream.Collectors;

/** Entry points for OpenFlow 1.3 action lists, as flow-mods, packet-outs and groups carry them. */
public final class Actions {
    private Actions() {
    }

    /**
     * Reads {@code length} bytes of actions from {@code in} and advances its reader index past them. Actions we do
     * not model come back as {@link UnknownAction}.
     *
     * @throws OfDecodeException for a length that is not a multiple of 8, an action shorter than its header or
     *     running past the list, or a malformed action we model; the message names the offset
     */
    public static List<Action> decode(ByteBuf in, int length) {
        return List.copyOf(ActionListCodec.decode(in, length, ActionListCodec.Scope.TOP));
    }

    /**
     * Appends the actions to {@code out}.
     *
     * @throws IllegalArgumentException if the list is not valid at the top of an action list (nat, or a write to
     *     ct_mark, outside ct); nothing is written then
     */
    public static void encode(List<Action> actions, ByteBuf out) {
        ActionListCodec.encode(actions, out, ActionListCodec.Scope.TOP);
    }

    /** What ovs-ofctl prints for the list: the actions separated by commas, {@code drop} when empty. */
    public static String toOvsText(List<Action> actions) {
        if (actions.isEmpty()) {
            return "drop";
        }
        return actions.stream().map(Action::toOvsText).collect(Collectors.joining(","));
    }
}
