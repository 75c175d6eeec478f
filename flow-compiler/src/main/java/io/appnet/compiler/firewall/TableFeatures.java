package io.appnet.compiler.firewall;

import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.ModelException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one flow table of a device accepts (the parts of OFPMP_TABLE_FEATURES the firewall profile needs):
 * entries, match fields, which of them take a mask (OpenFlow's "wildcards"), instructions, apply-actions
 * and the fields set_field may write.
 */
public record TableFeatures(int tableId, long maxEntries, Set<MatchField> match, Set<MatchField> maskable,
                            Set<Instruction> instructions, Set<ActionType> actions, Set<MatchField> setFields) {

    /** The OpenFlow 1.3 instructions the profile uses. */
    public enum Instruction { GOTO_TABLE, WRITE_METADATA, APPLY_ACTIONS }

    /** The OpenFlow 1.3 actions the profile uses. */
    public enum ActionType { OUTPUT, SET_FIELD }

    public TableFeatures {
        if (tableId < 0 || tableId > 254) {
            throw new ModelException("table_id: " + tableId + " is outside 0..254");
        }
        if (maxEntries < 0 || maxEntries > 0xFFFFFFFFL) {
            throw new ModelException("max_entries: " + maxEntries + " is outside 0..4294967295");
        }
        // Nicira fields a device (Open vSwitch) also offers are dropped: the profile never uses them.
        match = standardOnly(match);
        maskable = standardOnly(maskable);
        instructions = Set.copyOf(instructions);
        actions = Set.copyOf(actions);
        setFields = standardOnly(setFields);
        if (!match.containsAll(maskable)) {
            throw new ModelException("table " + tableId + ": match: a maskable field is not matchable");
        }
    }

    private static Set<MatchField> standardOnly(Set<MatchField> fields) {
        return fields.stream().filter(MatchField::standard).collect(Collectors.toUnmodifiableSet());
    }

    /** Every standard field matchable and maskable, every instruction and action: an unconstrained table. */
    public static TableFeatures everything(int tableId, long maxEntries) {
        Set<MatchField> standard = EnumSet.noneOf(MatchField.class);
        for (MatchField field : MatchField.values()) {
            if (field.standard()) {
                standard.add(field);
            }
        }
        Set<MatchField> maskable = EnumSet.copyOf(standard);
        maskable.removeAll(Set.of(MatchField.IN_PORT, MatchField.ETH_TYPE, MatchField.IP_PROTO,
                MatchField.ICMP_TYPE, MatchField.ICMP_CODE, MatchField.ARP_OP));
        return new TableFeatures(tableId, maxEntries, standard, maskable, EnumSet.allOf(Instruction.class),
                EnumSet.allOf(ActionType.class), standard);
    }

    public TableFeatures withMaxEntries(long entries) {
        return new TableFeatures(tableId, entries, match, maskable, instructions, actions, setFields);
    }

    public TableFeatures withoutMask(MatchField field) {
        Set<MatchField> fewer = EnumSet.noneOf(MatchField.class);
        fewer.addAll(maskable);
        fewer.remove(field);
        return new TableFeatures(tableId, maxEntries, match, fewer, instructions, actions, setFields);
    }
}
