package io.appnet.compiler.firewall;

import io.appnet.compiler.model.ModelException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables a firewall offers, in pipeline order (packets start in the first), as the device reports them
 * and limited by the operator's {@link Budget}.
 */
public record Capabilities(List<TableFeatures> tables) {

    public Capabilities {
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new ModelException("tables: the device reports no flow table");
        }
        for (int i = 1; i < tables.size(); i++) {
            if (tables.get(i).tableId() <= tables.get(i - 1).tableId()) {
                throw new ModelException("tables: table ids must increase (goto_table only goes forward), got "
                        + tables.get(i - 1).tableId() + " then " + tables.get(i).tableId());
            }
        }
    }

    public static Capabilities of(TableFeatures... tables) {
        return new Capabilities(List.of(tables));
    }

    /** The operator's budget wins over the device: its first {@code tables} tables, each with {@code maxEntries}. */
    public Capabilities within(Budget budget) {
        int count = Math.min(tables.size(), budget.tables().orElse(tables.size()));
        List<TableFeatures> limited = new ArrayList<>(tables.subList(0, count));
        if (budget.maxEntries().isPresent()) {
            limited.replaceAll(table -> table.withMaxEntries(budget.maxEntries().getAsLong()));
        }
        return new Capabilities(limited);
    }
}
