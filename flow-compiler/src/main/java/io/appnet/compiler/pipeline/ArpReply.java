package io.appnet.compiler.pipeline;

import static io.appnet.compiler.pipeline.Registers.SCRATCH;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FieldSlice;
import io.appnet.compiler.flow.Instructions;
import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Ipv4Prefix;

/**
 * An ARP request answered by the switch itself, as the hosts' gateway address and the gateways' pool addresses
 * are: the request turned into a reply from {@code mac}, sent back where it came from.
 */
final class ArpReply {

    private ArpReply() {
    }

    /** An ARP request for an address of {@code prefix}. */
    static Match requestFor(Ipv4Prefix prefix) {
        return Match.builder().arp().exact(MatchField.ARP_OP, 1)
                .masked(MatchField.ARP_TPA, prefix.network().unsigned(), prefix.mask() & 0xFFFFFFFFL).build();
    }

    /** The request rewritten into the reply that {@code mac} owns the asked address, out of its in_port. */
    static Instructions from(long mac) {
        return Instructions.apply(
                Action.move(FieldSlice.of(MatchField.ETH_SRC), FieldSlice.of(MatchField.ETH_DST)),
                Action.setField(MatchField.ETH_SRC, mac),
                Action.setField(MatchField.ARP_OP, 2),
                Action.move(FieldSlice.of(MatchField.ARP_SHA), FieldSlice.of(MatchField.ARP_THA)),
                Action.setField(MatchField.ARP_SHA, mac),
                Action.move(FieldSlice.of(MatchField.ARP_TPA), FieldSlice.of(SCRATCH)),
                Action.move(FieldSlice.of(MatchField.ARP_SPA), FieldSlice.of(MatchField.ARP_TPA)),
                Action.move(FieldSlice.of(SCRATCH), FieldSlice.of(MatchField.ARP_SPA)),
                Action.outputInPort());
    }
}
