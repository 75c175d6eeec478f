package io.appnet.compiler.trace;

import io.appnet.compiler.DatapathTables;
import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FieldSlice;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.pipeline.DropReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executes one datapath's flow tables on a packet the way Open vSwitch does, for the fields and
 * actions of the IR: highest-priority match, conjunctive matches (OVS classifier semantics: soft
 * matches above the best hard match, then a second lookup with {@code conj_id}), goto_table,
 * write_metadata, resubmit, {@code ct} with a {@link Conntrack} model (recirculation to its table), set_field, move,
 * output (not back to the ingress port unless IN_PORT). Returns the matched flows and the verdict.
 */
public final class Interpreter {

    private static final int MAX_RESUBMIT_DEPTH = 64;
    private static final int MAX_STEPS = 1024;
    private static final MatchField[] NAT_FIELDS = {MatchField.IPV4_SRC, MatchField.IPV4_DST, MatchField.TCP_SRC,
        MatchField.TCP_DST, MatchField.UDP_SRC, MatchField.UDP_DST};

    private final Map<Integer, List<FlowEntry>> tables = new HashMap<>();

    private Interpreter(Collection<FlowEntry> flows) {
        Map<Integer, List<FlowEntry>> byTable = new TreeMap<>();
        for (FlowEntry flow : flows) {
            byTable.computeIfAbsent(flow.table(), t -> new ArrayList<>()).add(flow);
        }
        byTable.forEach((table, list) -> {
            list.sort(Comparator.comparingInt(FlowEntry::priority).reversed()
                    .thenComparing(flow -> flow.match().toString()));
            tables.put(table, List.copyOf(list));
        });
    }

    public static Interpreter of(DatapathTables tables) {
        return new Interpreter(tables.flows());
    }

    public static Interpreter of(Collection<FlowEntry> flows) {
        return new Interpreter(flows);
    }

    /** Runs the packet from table 0. */
    public TraceResult trace(Packet packet, Conntrack conntrack) {
        Run run = new Run(packet.values(), conntrack);
        run.table(0, 0);
        return run.result();
    }

    /** One execution: mutable packet fields, like OVS's {@code struct flow} during translation. */
    private final class Run {
        private final long[] fields;
        private final long inPort;
        private Conntrack conntrack;
        private final List<TraceStep> steps = new ArrayList<>();
        private final List<TraceResult.Output> outputs = new ArrayList<>();
        private DropReason dropReason;
        private boolean tableMiss;

        Run(long[] fields, Conntrack conntrack) {
            this.fields = fields;
            this.inPort = fields[MatchField.IN_PORT.ordinal()];
            this.conntrack = conntrack;
        }

        void table(int tableId, int depth) {
            int table = tableId;
            while (true) {
                if (steps.size() >= MAX_STEPS) {
                    throw new IllegalStateException("more than " + MAX_STEPS + " lookups: the tables loop");
                }
                Lookup lookup = lookup(table);
                if (lookup.flow() == null) {
                    steps.add(new TraceStep(depth, table, null, "no flow matched: dropped (table miss)"));
                    tableMiss = true;
                    return;
                }
                FlowEntry flow = lookup.flow();
                steps.add(new TraceStep(depth, table, flow, lookup.note()));
                if (flow.instructions().isDrop()) {
                    DropReason reason = DropReason.of(flow.cookie());
                    dropReason = reason;
                    return;
                }
                boolean recirculated = execute(flow.instructions().actions(), depth);
                if (recirculated) {
                    return;
                }
                flow.instructions().writeMetadata().ifPresent(write -> {
                    int metadata = MatchField.METADATA.ordinal();
                    fields[metadata] = fields[metadata] & ~write.mask() | write.value() & write.mask();
                });
                if (flow.instructions().gotoTable().isEmpty()) {
                    return;
                }
                table = flow.instructions().gotoTable().getAsInt();
            }
        }

        /** Runs the actions; true if a ct(table=...) took the packet on (it is always the last action). */
        private boolean execute(List<Action> actions, int depth) {
            for (Action action : actions) {
                if (action instanceof Action.Output output) {
                    output(output.port(), depth);
                } else if (action instanceof Action.SetField set) {
                    fields[set.field().ordinal()] = set.value();
                } else if (action instanceof Action.Move move) {
                    move(move.source(), move.destination());
                } else if (action instanceof Action.Resubmit resubmit) {
                    if (depth + 1 > MAX_RESUBMIT_DEPTH) {
                        throw new IllegalStateException("resubmit nested deeper than " + MAX_RESUBMIT_DEPTH);
                    }
                    table(resubmit.table(), depth + 1);
                } else if (action instanceof Action.Conntrack ct) {
                    if (conntrack(ct, depth)) {
                        return true;
                    }
                } else {
                    throw new IllegalStateException("cannot execute " + action);
                }
            }
            return false;
        }

        private void output(long port, int depth) {
            long actual = port == Action.IN_PORT ? inPort : port;
            if (port != Action.IN_PORT && port == inPort) {
                steps.add(new TraceStep(depth, -1, null, "output:" + port + " skipped: it is the ingress port"));
                return;
            }
            outputs.add(new TraceResult.Output(actual, Packet.of(fields)));
        }

        private void move(FieldSlice source, FieldSlice destination) {
            long bits = (fields[source.field().ordinal()] >>> source.offset())
                    & (source.bits() == 64 ? -1L : (1L << source.bits()) - 1);
            int target = destination.field().ordinal();
            fields[target] = (fields[target] & ~destination.mask()) | (bits << destination.offset());
        }

        private boolean conntrack(Action.Conntrack ct, int depth) {
            int zone = ct.zone() instanceof Action.CtZone.Fixed fixed ? fixed.zone()
                    : (int) slice(((Action.CtZone.FromField) ct.zone()).slice());
            Packet packet = Packet.of(fields);
            StringBuilder note = new StringBuilder("ct(zone=").append(zone).append(')');
            if (ct.table().isPresent()) {
                Conntrack.Lookup found = conntrack.lookup(zone, packet, ct.nat().kind() == Action.Nat.Kind.REVERSE);
                conntrack = found.after();
                translate(found.packet(), note);
                fields[MatchField.CT_STATE.ordinal()] = found.state();
                fields[MatchField.CT_MARK.ordinal()] = found.mark();
                fields[MatchField.CT_ZONE.ordinal()] = zone;
                note.append(": ").append(CtState.format(found.state())).append(" ct_mark=")
                        .append(found.mark());
            }
            if (ct.commit()) {
                for (Action exec : ct.exec()) {
                    if (exec instanceof Action.SetField set) {
                        fields[set.field().ordinal()] = set.value();
                    } else {
                        Action.Move move = (Action.Move) exec;
                        move(move.source(), move.destination());
                    }
                }
                long mark = fields[MatchField.CT_MARK.ordinal()];
                Conntrack.Committed committed = conntrack.commit(zone, packet, mark, ct.nat());
                conntrack = committed.after();
                note.append(" committed with ct_mark=").append(mark);
                translate(committed.packet(), note);
            }
            steps.add(new TraceStep(depth, -1, null, note.toString()));
            if (ct.table().isPresent()) {
                table(ct.table().getAsInt(), depth);
                return true;
            }
            return false;
        }

        /** Takes the addresses and ports of a packet NAT rewrote, noting the change. */
        private void translate(Packet translated, StringBuilder note) {
            if (translated == null) {
                return;
            }
            for (MatchField field : NAT_FIELDS) {
                long value = translated.get(field);
                if (fields[field.ordinal()] != value) {
                    fields[field.ordinal()] = value;
                    note.append(" nat: ").append(field.matchName()).append('=')
                            .append(field == MatchField.IPV4_SRC || field == MatchField.IPV4_DST
                                    ? io.appnet.compiler.model.Ipv4Address.of((int) value).toString()
                                    : Long.toString(value));
                }
            }
        }

        private long slice(FieldSlice slice) {
            return (fields[slice.field().ordinal()] >>> slice.offset())
                    & (slice.bits() == 64 ? -1L : (1L << slice.bits()) - 1);
        }

        private Lookup lookup(int table) {
            List<FlowEntry> flows = tables.getOrDefault(table, List.of());
            FlowEntry hard = null;
            boolean ambiguous = false;
            for (FlowEntry flow : flows) {
                if (hard != null && flow.priority() < hard.priority()) {
                    break;
                }
                if (!flow.isConjunctionClause() && flow.match().matches(fields)) {
                    if (hard == null) {
                        hard = flow;
                    } else if (!hard.instructions().equals(flow.instructions())) {
                        ambiguous = true;
                    }
                }
            }
            int hardPriority = hard == null ? -1 : hard.priority();
            // Soft matches: conjunction clauses above the best hard match, highest priority first.
            TreeMap<Integer, List<Action.Conjunction>> soft = new TreeMap<>(Comparator.reverseOrder());
            for (FlowEntry flow : flows) {
                if (flow.priority() <= hardPriority) {
                    break;
                }
                if (flow.isConjunctionClause() && flow.match().matches(fields)) {
                    for (Action action : flow.instructions().actions()) {
                        soft.computeIfAbsent(flow.priority(), p -> new ArrayList<>()).add((Action.Conjunction) action);
                    }
                }
            }
            for (List<Action.Conjunction> level : soft.values()) {
                for (long id : completeConjunctions(level)) {
                    long saved = fields[MatchField.CONJ_ID.ordinal()];
                    fields[MatchField.CONJ_ID.ordinal()] = id;
                    FlowEntry found = null;
                    for (FlowEntry flow : flows) {
                        if (!flow.isConjunctionClause() && flow.match().matches(fields)) {
                            found = flow;
                            break;
                        }
                    }
                    fields[MatchField.CONJ_ID.ordinal()] = saved;
                    if (found != null) {
                        return new Lookup(found, "conjunction " + id + " matched");
                    }
                }
            }
            return new Lookup(hard, ambiguous ? "AMBIGUOUS: another flow of the same priority matches with other "
                    + "instructions" : null);
        }

        private List<Long> completeConjunctions(List<Action.Conjunction> level) {
            Map<Long, Long> clausesSeen = new TreeMap<>();
            Map<Long, Integer> clausesNeeded = new HashMap<>();
            for (Action.Conjunction conjunction : level) {
                clausesSeen.merge(conjunction.id(), 1L << (conjunction.clause() - 1), (a, b) -> a | b);
                clausesNeeded.put(conjunction.id(), conjunction.clauses());
            }
            List<Long> complete = new ArrayList<>();
            clausesSeen.forEach((id, seen) -> {
                int needed = clausesNeeded.get(id);
                if (seen == (needed == 64 ? -1L : (1L << needed) - 1)) {
                    complete.add(id);
                }
            });
            return complete;
        }

        TraceResult result() {
            return new TraceResult(steps, outputs, dropReason, tableMiss, conntrack);
        }
    }

    private record Lookup(FlowEntry flow, String note) {
    }
}
