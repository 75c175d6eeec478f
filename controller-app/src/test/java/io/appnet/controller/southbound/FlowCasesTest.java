package io.appnet.controller.southbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.openflow.action.Action;
import io.appnet.openflow.action.Ct;
import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.action.Output;
import io.appnet.openflow.action.SetField;
import io.appnet.openflow.action.UnknownAction;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.match.OxmTlv;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModFlag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * {@link FlowCases} really covers everything the codec can put in a flow, so {@link CodecOnRealOvsTest} proves all
 * of it on a real bridge; a field, action or instruction added to the codec later fails here until it has a case.
 */
class FlowCasesTest {
    private static final List<FlowMod> FLOWS = FlowCases.all().stream().map(FlowCases.Case::flowMod).toList();

    @Test
    void everyMatchFieldExactAndMaskedWhereMaskable() {
        Set<String> used = new HashSet<>();
        for (FlowMod flow : FLOWS) {
            flow.match().entries().stream().filter(OxmTlv.class::isInstance).map(OxmTlv.class::cast)
                    .forEach(tlv -> used.add(tlv.field() + (isExact(tlv) ? "" : "/masked")));
        }
        Set<String> expected = new HashSet<>();
        for (OxmField field : OxmField.values()) {
            expected.add(field.name());
            if (field.maskable()) {
                expected.add(field + "/masked");
            }
        }
        assertThat(used).containsAll(expected);
    }

    /** As the codec makes an exact match (ct_state: all eight flags, which it always sends with a mask). */
    private static boolean isExact(OxmTlv tlv) {
        return tlv.mask() == OxmTlv.exact(tlv.field(), 0).mask();
    }

    @Test
    void everyInstructionAndActionKind() {
        Set<Class<?>> instructions = FLOWS.stream().flatMap(f -> f.instructions().stream()).map(Object::getClass)
                .collect(Collectors.toSet());
        assertThat(instructions).containsAll(Arrays.stream(Instruction.class.getPermittedSubclasses())
                .filter(kind -> kind != Instruction.Unknown.class).toList());

        Set<Class<?>> actions = actions().stream().map(Object::getClass).collect(Collectors.toSet());
        // An unknown action is bytes read from a switch and sent back as they were, not something we encode.
        assertThat(actions).containsAll(Arrays.stream(Action.class.getPermittedSubclasses())
                .filter(kind -> kind != UnknownAction.class).toList());
    }

    @Test
    void everyReservedOutputPortAndEveryFieldSetFieldMayWrite() {
        Set<Long> ports = actions().stream().filter(Output.class::isInstance).map(a -> ((Output) a).port())
                .collect(Collectors.toSet());
        assertThat(ports).containsAll(LongStream.rangeClosed(OfPorts.IN_PORT, OfPorts.LOCAL).boxed().toList());

        Set<OxmField> written = actions().stream().filter(SetField.class::isInstance).map(a -> ((SetField) a).field())
                .collect(Collectors.toSet());
        Set<OxmField> writable = EnumSet.noneOf(OxmField.class);
        for (OxmField field : OxmField.values()) {
            try {
                new SetField(field, 0);
                writable.add(field);
            } catch (IllegalArgumentException readOnly) {
                // in_port, eth_type, ip_proto, ct_state, ct_zone, conj_id
            }
        }
        assertThat(written).isEqualTo(writable);
    }

    @Test
    void everyFlowModFlagAndCtVariant() {
        assertThat(FLOWS.stream().flatMap(f -> f.flags().stream()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(FlowModFlag.values());
        List<Ct> cts = actions().stream().filter(Ct.class::isInstance).map(Ct.class::cast).toList();
        assertThat(cts).anyMatch(Ct::commit).anyMatch(Ct::force).anyMatch(ct -> !ct.actions().isEmpty())
                .anyMatch(ct -> ct.recircTable() != Ct.NO_RECIRC)
                .anyMatch(ct -> ct.alg() == Ct.ALG_FTP).anyMatch(ct -> ct.alg() == Ct.ALG_TFTP)
                .anyMatch(ct -> ct.zone() instanceof io.appnet.openflow.action.CtZone.FromField);
    }

    /** Every action of every flow, including those inside write_actions and ct's exec. */
    private static List<Action> actions() {
        List<Action> all = new ArrayList<>();
        for (FlowMod flow : FLOWS) {
            for (Instruction instruction : flow.instructions()) {
                if (instruction instanceof Instruction.ApplyActions apply) {
                    addWithNested(apply.actions(), all);
                } else if (instruction instanceof Instruction.WriteActions write) {
                    addWithNested(write.actions(), all);
                }
            }
        }
        return all;
    }

    private static void addWithNested(List<Action> actions, List<Action> all) {
        for (Action action : actions) {
            all.add(action);
            if (action instanceof Ct ct) {
                addWithNested(ct.actions(), all);
            }
        }
    }
}
