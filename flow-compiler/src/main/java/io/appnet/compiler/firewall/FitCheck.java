package io.appnet.compiler.firewall;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FieldMatch;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowKey;
import io.appnet.compiler.flow.Instructions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** What built rules use that their table does not offer: fields, masks, instructions, actions, set_field targets. */
final class FitCheck {

    private FitCheck() {
    }

    static List<Unsupported> unsupported(List<TableFeatures> features, List<Map<FlowKey, FlowEntry>> tables) {
        List<Unsupported> problems = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            TableFeatures table = features.get(i);
            Map<String, SortedSet<Long>> missing = new TreeMap<>();
            for (FlowEntry flow : tables.get(i).values()) {
                for (String lack : lacks(table, flow)) {
                    missing.computeIfAbsent(lack, k -> new TreeSet<>()).add(flow.cookie().id());
                }
            }
            missing.forEach((what, policies) -> problems.add(new Unsupported(table.tableId(), what, policies)));
        }
        return problems;
    }

    private static List<String> lacks(TableFeatures table, FlowEntry flow) {
        List<String> lacks = new ArrayList<>();
        for (FieldMatch field : flow.match().fields()) {
            if (!table.match().contains(field.field())) {
                lacks.add("match field " + field.field().matchName() + " is not supported");
            } else if (field.mask() != field.field().fullMask() && !table.maskable().contains(field.field())) {
                lacks.add("match field " + field.field().matchName() + " needs a mask and is not maskable");
            }
        }
        Instructions instructions = flow.instructions();
        if (!instructions.actions().isEmpty()) {
            need(table, TableFeatures.Instruction.APPLY_ACTIONS, lacks);
        }
        if (instructions.writeMetadata().isPresent()) {
            need(table, TableFeatures.Instruction.WRITE_METADATA, lacks);
        }
        if (instructions.gotoTable().isPresent()) {
            need(table, TableFeatures.Instruction.GOTO_TABLE, lacks);
        }
        for (Action action : instructions.actions()) {
            if (action instanceof Action.Output && !table.actions().contains(TableFeatures.ActionType.OUTPUT)) {
                lacks.add("action output is not supported");
            } else if (action instanceof Action.SetField set) {
                if (!table.actions().contains(TableFeatures.ActionType.SET_FIELD)) {
                    lacks.add("action set_field is not supported");
                } else if (!table.setFields().contains(set.field())) {
                    lacks.add("set_field of " + set.field().matchName() + " is not supported");
                }
            } else if (!action.standard()) {
                lacks.add("action " + action + " is not standard OpenFlow 1.3");
            }
        }
        return lacks;
    }

    private static void need(TableFeatures table, TableFeatures.Instruction instruction, List<String> lacks) {
        if (!table.instructions().contains(instruction)) {
            lacks.add("instruction " + instruction.name().toLowerCase(Locale.ROOT) + " is not supported");
        }
    }
}
