package io.appnet.compiler.firewall;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The policy does not fit the firewall: per table needed vs available, the policies that take the most
 * entries there, and every field, mask, instruction or action a table lacks. Nothing is to be deployed.
 */
public record Refusal(String firewall, List<TableNeed> tables, List<Unsupported> unsupported) implements FirewallResult {

    /** How many of the largest policies a table's line names. */
    static final int POLICIES_NAMED = 10;

    public Refusal {
        tables = List.copyOf(tables);
        unsupported = List.copyOf(unsupported);
    }

    /** One line per problem, for the shell, REST and the log. */
    public String render() {
        StringBuilder text = new StringBuilder("firewall ").append(firewall).append(": the policy does not fit; ")
                .append("nothing deployed\n");
        for (TableNeed table : tables) {
            if (table.fits()) {
                continue;
            }
            text.append("  table ").append(table.tableId()).append(": needs ").append(table.upperBound() ? "up to " : "")
                    .append(table.needed()).append(" entries, has ").append(table.available()).append("; largest: ");
            List<Map.Entry<Long, Long>> largest = table.byPolicy().entrySet().stream()
                    .sorted(Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(POLICIES_NAMED).toList();
            for (int i = 0; i < largest.size(); i++) {
                long policy = largest.get(i).getKey();
                text.append(i == 0 ? "" : ", ").append(policy == 0 ? "source classification" : "policy " + policy)
                        .append(" (").append(largest.get(i).getValue()).append(')');
            }
            text.append('\n');
        }
        unsupported.forEach(problem -> text.append("  ").append(problem).append('\n'));
        return text.toString();
    }
}
