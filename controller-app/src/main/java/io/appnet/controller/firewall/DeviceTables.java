package io.appnet.controller.firewall;

import io.appnet.compiler.firewall.Capabilities;
import io.appnet.compiler.firewall.TableFeatures.ActionType;
import io.appnet.compiler.firewall.TableFeatures.Instruction;
import io.appnet.compiler.flow.MatchField;
import io.appnet.controller.programmer.FlowTranslator;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.message.TableFeatures;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a device's OFPMP_TABLE_FEATURES reply says, in the compiler's terms ({@link Capabilities}): per table its
 * entries, the standard fields it matches and masks, the instructions (goto_table, write_metadata,
 * apply_actions) and apply-actions (output, set_field) of the profile, and the fields set_field may write. Tables in
 * id order. Pure.
 */
public final class DeviceTables {
    /** OpenFlow 1.3 instruction types (OFPIT_*) and action types (OFPAT_*) the firewall profile uses. */
    static final int GOTO_TABLE = 1;
    static final int WRITE_METADATA = 2;
    static final int APPLY_ACTIONS = 4;
    static final int OUTPUT = 0;
    static final int SET_FIELD = 25;

    private DeviceTables() {
    }

    public static Capabilities capabilities(List<TableFeatures> reply) {
        List<io.appnet.compiler.firewall.TableFeatures> tables = new ArrayList<>();
        reply.stream().sorted((a, b) -> Integer.compare(a.tableId(), b.tableId())).forEach(table -> tables.add(table(table)));
        return new Capabilities(tables);
    }

    static io.appnet.compiler.firewall.TableFeatures table(TableFeatures table) {
        Set<MatchField> match = EnumSet.noneOf(MatchField.class);
        Set<MatchField> maskable = EnumSet.noneOf(MatchField.class);
        Set<MatchField> setFields = EnumSet.noneOf(MatchField.class);
        for (MatchField field : MatchField.values()) {
            if (!field.standard()) {
                continue;
            }
            OxmField oxm;
            try {
                oxm = FlowTranslator.oxm(field);
            } catch (IllegalArgumentException noOxm) {
                continue;
            }
            if (table.matches(oxm)) {
                match.add(field);
            }
            if (table.masks(oxm)) {
                maskable.add(field);
            }
            if (table.sets(oxm)) {
                setFields.add(field);
            }
        }
        Set<Instruction> instructions = EnumSet.noneOf(Instruction.class);
        if (table.instructions().contains(GOTO_TABLE)) {
            instructions.add(Instruction.GOTO_TABLE);
        }
        if (table.instructions().contains(WRITE_METADATA)) {
            instructions.add(Instruction.WRITE_METADATA);
        }
        if (table.instructions().contains(APPLY_ACTIONS)) {
            instructions.add(Instruction.APPLY_ACTIONS);
        }
        Set<ActionType> actions = EnumSet.noneOf(ActionType.class);
        if (table.applyActions().contains(OUTPUT)) {
            actions.add(ActionType.OUTPUT);
        }
        if (table.applyActions().contains(SET_FIELD)) {
            actions.add(ActionType.SET_FIELD);
        }
        return new io.appnet.compiler.firewall.TableFeatures(table.tableId(), table.maxEntries(), match, maskable,
                instructions, actions, setFields);
    }
}
