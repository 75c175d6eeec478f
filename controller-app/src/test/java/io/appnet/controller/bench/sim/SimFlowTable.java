package io.appnet.controller.bench.sim;

import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.codec.ErrorCodes;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.match.OxmEntry;
import io.appnet.openflow.match.OxmTlv;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.OfReserved;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flow tables of one simulated switch, with the checks Open vSwitch makes on a flow-mod before it takes
 * effect: an add to its internal table 254 ({@code OFPBRC_EPERM}), a goto_table to this table or an earlier one
 * ({@code OFPBIC_BAD_TABLE_ID}), and an add with CHECK_OVERLAP over an existing flow of
 * the same priority and match ({@code OFPFMFC_OVERLAP}; partial overlaps are not detected). An add of an existing
 * (table, priority, match) replaces it, as in OVS. MODIFY and DELETE without _STRICT are supported only with an
 * empty match (all flows of the table, or of every table with table 255): what the controller sends.
 * Not thread-safe: one switch's I/O thread owns it. Benchmark tool, never a stand-in for OVS in a correctness
 * test.
 */
final class SimFlowTable {
    /** Tables 0..253, as {@code ovs-vswitchd} reports them in its features reply. */
    static final int TABLES = 254;
    /** OVS's hidden, read-only table: an add there is refused with {@code OFPBRC_EPERM}. */
    static final int INTERNAL_TABLE = 254;

    record Key(int table, int priority, Match match) { }

    record Refusal(int type, int code) { }

    private final Map<Key, FlowMod> flows = new HashMap<>();

    /** Why OVS would refuse {@code mod} before applying anything, or empty. */
    static Optional<Refusal> check(FlowMod mod) {
        boolean delete = mod.command() == FlowModCommand.DELETE || mod.command() == FlowModCommand.DELETE_STRICT;
        if (mod.tableId() == INTERNAL_TABLE && !delete) {
            return Optional.of(new Refusal(ErrorCodes.BAD_REQUEST, 5)); // OFPBRC_EPERM: the table is read-only
        }
        for (Instruction instruction : mod.instructions()) {
            if (instruction instanceof Instruction.GotoTable go && go.table() <= mod.tableId()) {
                return Optional.of(new Refusal(ErrorCodes.BAD_INSTRUCTION, 2));
            }
        }
        return Optional.empty();
    }

    /** Applies one checked flow-mod; a refusal leaves the table as it was. */
    Optional<Refusal> apply(FlowMod mod) {
        Optional<Refusal> refused = check(mod);
        if (refused.isPresent()) {
            return refused;
        }
        Key key = new Key(mod.tableId(), mod.priority(), mod.match());
        switch (mod.command()) {
            case ADD -> {
                if (mod.flags().contains(FlowModFlag.CHECK_OVERLAP) && !flows.containsKey(key)
                        && flows.keySet().stream().anyMatch(other -> other.table() == key.table()
                                && other.priority() == key.priority() && overlap(other.match(), key.match()))) {
                    return Optional.of(new Refusal(ErrorCodes.FLOW_MOD_FAILED, 3));
                }
                flows.put(key, mod);
            }
            case MODIFY_STRICT -> flows.computeIfPresent(key, (k, old) -> withInstructions(old, mod));
            case DELETE_STRICT -> flows.computeIfPresent(key, (k, old) -> cookieMatches(old, mod) ? null : old);
            case MODIFY, DELETE -> {
                if (!mod.match().isEmpty()) {
                    throw new UnsupportedOperationException("the simulator supports " + mod.command()
                            + " only with an empty match");
                }
                if (mod.command() == FlowModCommand.DELETE) {
                    flows.entrySet().removeIf(entry -> inTable(entry.getKey(), mod)
                            && cookieMatches(entry.getValue(), mod));
                } else {
                    flows.replaceAll((k, old) -> inTable(k, mod) && cookieMatches(old, mod)
                            ? withInstructions(old, mod) : old);
                }
            }
            default -> throw new IllegalStateException("unknown command " + mod.command());
        }
        return Optional.empty();
    }

    int size() {
        return flows.size();
    }

    /** Every flow as a flow-stats entry with zero counters, by table then priority (highest first). */
    List<FlowStats> stats(int table) {
        List<FlowStats> stats = new ArrayList<>();
        flows.forEach((key, mod) -> {
            if (table == OfReserved.TABLE_ALL || key.table() == table) {
                stats.add(new FlowStats(key.table(), 0, 0, key.priority(), mod.idleTimeout(), mod.hardTimeout(),
                        mod.flags(), mod.cookie(), 0, 0, mod.match(), mod.instructions()));
            }
        });
        stats.sort(Comparator.comparingInt(FlowStats::tableId).thenComparing(FlowStats::priority,
                Comparator.reverseOrder()));
        return stats;
    }

    /**
     * Some packet could match both: every field both match on agrees on the bits both masks cover. Fields the
     * codec does not know are taken to overlap.
     */
    static boolean overlap(Match a, Match b) {
        for (OxmEntry entry : a.entries()) {
            if (entry instanceof OxmTlv first) {
                Optional<OxmTlv> second = b.find(first.field());
                if (second.isPresent()
                        && ((first.value() ^ second.get().value()) & first.mask() & second.get().mask()) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean inTable(Key key, FlowMod mod) {
        return mod.tableId() == OfReserved.TABLE_ALL || key.table() == mod.tableId();
    }

    private static boolean cookieMatches(FlowMod flow, FlowMod mod) {
        return ((flow.cookie() ^ mod.cookie()) & mod.cookieMask()) == 0;
    }

    private static FlowMod withInstructions(FlowMod old, FlowMod mod) {
        return new FlowMod(old.xid(), FlowModCommand.ADD, old.cookie(), 0, old.tableId(), old.idleTimeout(),
                old.hardTimeout(), old.priority(), old.bufferId(), old.outPort(), old.outGroup(), old.flags(),
                old.match(), mod.instructions());
    }
}
