package io.appnet.openflow.message;

import io.appnet.openflow.match.OxmField;
import java.util.List;

/**
 * One table's features ({@code struct ofp_table_features} of an OFPMP_TABLE_FEATURES reply): what a hardware
 * switch's rules can use there. Of its properties the regular-entry ones a rule compiler needs are kept:
 * instruction types, next tables, apply-actions action types, match fields, wildcards and apply-setfield fields;
 * the others (write-actions, write-setfield, table-miss variants, experimenter) are skipped.
 *
 * <p>Which fields take an arbitrary mask is the {@code hasmask} bit of their header in the <em>match</em>
 * property (as Open vSwitch's {@code lib/ofp-table.c} reads and writes it); the <em>wildcards</em> property lists
 * the fields a rule may leave out, not the maskable ones.
 */
public record TableFeatures(int tableId, String name, long metadataMatch, long metadataWrite, long config,
                            long maxEntries, List<Integer> instructions, List<Integer> nextTables,
                            List<Integer> writeActions, List<Integer> applyActions, List<OxmId> match,
                            List<OxmId> wildcards, List<OxmId> writeSetfield, List<OxmId> applySetfield) {

    /** {@code OFP_MAX_TABLE_NAME_LEN}: the name field's bytes, NUL-padded. */
    public static final int NAME_LENGTH = 32;

    public TableFeatures {
        if (tableId < 0 || tableId > 0xFE) {
            throw new IllegalArgumentException("table_id " + tableId + " is outside 0..254");
        }
        if (name.length() >= NAME_LENGTH || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("table name '" + name + "' is not printable ASCII of at most "
                    + (NAME_LENGTH - 1) + " characters");
        }
        if (config < 0 || config > 0xFFFFFFFFL || maxEntries < 0 || maxEntries > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("config/max_entries are 32-bit unsigned");
        }
        instructions = List.copyOf(instructions);
        nextTables = List.copyOf(nextTables);
        writeActions = List.copyOf(writeActions);
        applyActions = List.copyOf(applyActions);
        match = List.copyOf(match);
        wildcards = List.copyOf(wildcards);
        writeSetfield = List.copyOf(writeSetfield);
        applySetfield = List.copyOf(applySetfield);
    }

    /** True if rules in this table may match the field. */
    public boolean matches(OxmField field) {
        return find(match, field) != null;
    }

    /** True if the field takes an arbitrary mask here (hasmask set in the match property). */
    public boolean masks(OxmField field) {
        OxmId id = find(match, field);
        return id != null && id.hasMask();
    }

    /** True if a rule here may leave the field out (the wildcards property). */
    public boolean wildcards(OxmField field) {
        return find(wildcards, field) != null;
    }

    /** True if apply-actions' set_field may write the field here. */
    public boolean sets(OxmField field) {
        return find(applySetfield, field) != null;
    }

    private static OxmId find(List<OxmId> ids, OxmField field) {
        for (OxmId id : ids) {
            if (id.oxmClass() == field.oxmClass() && id.field() == field.fieldNumber()) {
                return id;
            }
        }
        return null;
    }
}
