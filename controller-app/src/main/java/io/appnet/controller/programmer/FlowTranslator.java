package io.appnet.controller.programmer;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FieldMatch;
import io.appnet.compiler.flow.FieldSlice;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.Instructions;
import io.appnet.compiler.flow.MatchField;
import io.appnet.openflow.action.Conjunction;
import io.appnet.openflow.action.Ct;
import io.appnet.openflow.action.CtZone;
import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.action.Move;
import io.appnet.openflow.action.Nat;
import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.action.Output;
import io.appnet.openflow.action.Resubmit;
import io.appnet.openflow.action.SetField;
import io.appnet.openflow.action.Subfield;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.match.MatchBuilder;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.message.FlowMod;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the compiler's IR into OpenFlow 1.3 flow-mods of the codec. Pure.
 *
 * <p>Deletes and modifies are strict (table, priority, match) and carry the flow's cookie with a full
 * cookie mask, so they never touch a flow someone else installed under the same key. OpenFlow 1.3
 * MODIFY does not rewrite a cookie, so a modify that changes the cookie becomes delete + add.
 */
public final class FlowTranslator {
    /** Every bit of the cookie must match. */
    static final long FULL_COOKIE_MASK = -1L;

    private FlowTranslator() {
    }

    /** The flow-mods (in order) that carry out one compiler flow-mod. */
    public static List<FlowMod> translate(io.appnet.compiler.FlowMod mod) {
        return switch (mod.command()) {
            case ADD -> List.of(add(mod.flow()));
            case DELETE -> List.of(deleteStrict(mod.flow()));
            case MODIFY -> {
                FlowEntry replaced = mod.replaced().orElseThrow();
                yield replaced.cookie().equals(mod.flow().cookie())
                        ? List.of(modifyStrict(mod.flow()))
                        : List.of(deleteStrict(replaced), add(mod.flow()));
            }
        };
    }

    public static FlowMod add(FlowEntry flow) {
        return FlowMod.add(flow.table(), flow.priority(), match(flow.match()), instructions(flow.instructions()))
                .withCookie(flow.cookie().value());
    }

    public static FlowMod deleteStrict(FlowEntry flow) {
        return FlowMod.deleteStrict(flow.table(), flow.priority(), match(flow.match()))
                .withCookie(flow.cookie().value(), FULL_COOKIE_MASK);
    }

    public static FlowMod modifyStrict(FlowEntry flow) {
        return FlowMod.modifyStrict(flow.table(), flow.priority(), match(flow.match()),
                instructions(flow.instructions())).withCookie(flow.cookie().value(), FULL_COOKIE_MASK);
    }

    public static Match match(io.appnet.compiler.flow.Match match) {
        if (match.isEmpty()) {
            return Match.ANY;
        }
        MatchBuilder builder = Match.builder();
        for (FieldMatch field : match.fields()) {
            OxmField oxm = oxm(field.field());
            if (field.mask() == field.field().fullMask()) {
                builder.exact(oxm, field.value());
            } else {
                builder.masked(oxm, field.value(), field.mask());
            }
        }
        return builder.build();
    }

    public static List<Instruction> instructions(Instructions instructions) {
        List<Instruction> result = new ArrayList<>(3);
        if (!instructions.actions().isEmpty()) {
            result.add(Instruction.applyActions(actions(instructions.actions())));
        }
        instructions.writeMetadata().ifPresent(write ->
                result.add(Instruction.writeMetadata(write.value(), write.mask())));
        instructions.gotoTable().ifPresent(table -> result.add(Instruction.gotoTable(table)));
        return result;
    }

    private static List<io.appnet.openflow.action.Action> actions(List<Action> actions) {
        List<io.appnet.openflow.action.Action> result = new ArrayList<>(actions.size());
        for (Action action : actions) {
            result.add(action(action));
        }
        return result;
    }

    static io.appnet.openflow.action.Action action(Action action) {
        if (action instanceof Action.Output output) {
            return new Output(output.port() == Action.IN_PORT ? OfPorts.IN_PORT : output.port(), 0);
        } else if (action instanceof Action.SetField set) {
            return new SetField(oxm(set.field()), set.value());
        } else if (action instanceof Action.Move move) {
            return new Move(subfield(move.source()), subfield(move.destination()));
        } else if (action instanceof Action.Conjunction conjunction) {
            return new Conjunction(conjunction.id(), conjunction.clause(), conjunction.clauses());
        } else if (action instanceof Action.Resubmit resubmit) {
            return new Resubmit(OfPorts.IN_PORT, resubmit.table(), false);
        } else if (action instanceof Action.Conntrack ct) {
            return conntrack(ct);
        }
        throw new IllegalArgumentException("no OpenFlow translation for " + action);
    }

    private static Ct conntrack(Action.Conntrack ct) {
        Ct result = Ct.DEFAULT;
        if (ct.commit()) {
            result = result.withCommit();
        }
        if (ct.zone() instanceof Action.CtZone.Fixed fixed) {
            result = result.withZone(fixed.zone());
        } else if (ct.zone() instanceof Action.CtZone.FromField field) {
            result = result.withZone(subfield(field.slice()));
        }
        if (ct.table().isPresent()) {
            result = result.withRecircTable(ct.table().getAsInt());
        }
        Action.Nat nat = ct.nat();
        if (nat.kind() == Action.Nat.Kind.REVERSE) {
            result = result.withNat(Nat.REVERSE);
        } else if (nat.kind() == Action.Nat.Kind.SOURCE) {
            Nat source = Nat.of(Nat.Mode.SRC, nat.addressMin(), nat.addressMax());
            result = result.withNat(nat.portMin() == 0 && nat.portMax() == 0 ? source
                    : source.withPorts(nat.portMin(), nat.portMax()));
        }
        if (!ct.exec().isEmpty()) {
            result = result.withExec(actions(ct.exec()).toArray(io.appnet.openflow.action.Action[]::new));
        }
        return result;
    }

    private static Subfield subfield(FieldSlice slice) {
        return new Subfield(oxm(slice.field()), slice.offset(), slice.bits());
    }

    /** The codec's field for an IR field; the names differ only where OVS and OpenFlow name them apart. */
    public static OxmField oxm(MatchField field) {
        return switch (field) {
            case TUN_ID -> OxmField.TUNNEL_ID;
            case TUN_SRC -> OxmField.TUN_IPV4_SRC;
            case TUN_DST -> OxmField.TUN_IPV4_DST;
            case ICMP_TYPE -> OxmField.ICMPV4_TYPE;
            case ICMP_CODE -> OxmField.ICMPV4_CODE;
            default -> OxmField.valueOf(field.name());
        };
    }
}
