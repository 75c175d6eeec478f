package io.appnet.compiler.pipeline;

import io.appnet.compiler.flow.Cookie;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.Instructions;
import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Rendezvous;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Spreads connections over several choices by a hash of the flow that plain matches can express: the low
 * 6 bits of the tcp/udp source port (an ephemeral port, so effectively random per connection), or of the
 * source IP for other protocols. Every packet of a connection has the same bits, so a connection keeps its
 * choice; no select group or hash action is needed (OpenFlow 1.3 matches only, as a hardware switch has).
 *
 * <p>Each of the 64 slots goes to the choice with the highest hash of (slot, choice's name) (rendezvous
 * hashing): removing a choice moves only its own slots, adding one takes only the slots it wins, so the
 * connections on the other choices stay where they are when a gateway comes or goes.
 */
final class Slots {

    static final int SLOTS = 64;

    private Slots() {
    }

    /**
     * Flows in {@code table}: {@code base} plus each slot's bits, at {@code priority} (ip) and
     * {@code priority + 1} (tcp, udp), with the instructions of the slot's choice; one flow if one choice.
     */
    static <T> List<FlowEntry> spread(List<T> choices, int table, int priority, Match base,
                                      Function<T, Instructions> instructions, Function<T, Cookie> cookie) {
        List<FlowEntry> flows = new ArrayList<>();
        if (choices.size() == 1) {
            T only = choices.get(0);
            flows.add(FlowEntry.of(table, priority, base.toBuilder().ip().build(), instructions.apply(only),
                    cookie.apply(only)));
            return flows;
        }
        long mask = SLOTS - 1;
        for (int slot = 0; slot < SLOTS; slot++) {
            T choice = Rendezvous.owner(slot, choices);
            Instructions then = instructions.apply(choice);
            Cookie owner = cookie.apply(choice);
            flows.add(FlowEntry.of(table, priority + 1, base.toBuilder().ipProto(Match.IP_PROTO_TCP)
                    .masked(MatchField.TCP_SRC, slot, mask).build(), then, owner));
            flows.add(FlowEntry.of(table, priority + 1, base.toBuilder().ipProto(Match.IP_PROTO_UDP)
                    .masked(MatchField.UDP_SRC, slot, mask).build(), then, owner));
            flows.add(FlowEntry.of(table, priority, base.toBuilder().ip()
                    .masked(MatchField.IPV4_SRC, slot, mask).build(), then, owner));
        }
        return flows;
    }
}
