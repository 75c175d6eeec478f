package io.appnet.compiler.firewall;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FieldMatch;
import io.appnet.compiler.flow.FlowEntry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The complete rules for one firewall, every one standard OpenFlow 1.3, with each table's use against its
 * budget. {@link #ofctl()} and {@link #json()} are the export for devices configured by other means.
 */
public record FirewallRules(Firewall firewall, List<TableNeed> tables, List<FlowEntry> flows) implements FirewallResult {

    public FirewallRules {
        tables = List.copyOf(tables);
        flows = List.copyOf(flows);
    }

    /** One {@code ovs-ofctl -O OpenFlow13 add-flows} line per rule (also what {@code dump-flows --no-stats} prints). */
    public String ofctl() {
        return flows.stream().map(flow -> flow + "\n").collect(Collectors.joining());
    }

    /**
     * The rules as JSON: per rule table, priority, cookie, match fields (OpenFlow value and mask in hex), the
     * apply-actions, write-metadata and goto-table, and the same rule in ovs-ofctl text.
     */
    public String json() {
        StringBuilder json = new StringBuilder("{\"firewall\":").append(quote(firewall.name()))
                .append(",\"datapath_id\":").append(quote(hex(firewall.datapathId()))).append(",\"tables\":[");
        for (int i = 0; i < tables.size(); i++) {
            TableNeed table = tables.get(i);
            json.append(i == 0 ? "" : ",").append("{\"table_id\":").append(table.tableId()).append(",\"entries\":")
                    .append(table.needed()).append(",\"max_entries\":").append(table.available()).append('}');
        }
        json.append("],\"rules\":[");
        for (int i = 0; i < flows.size(); i++) {
            json.append(i == 0 ? "\n" : ",\n").append(rule(flows.get(i)));
        }
        return json.append("\n]}\n").toString();
    }

    private static String rule(FlowEntry flow) {
        StringBuilder json = new StringBuilder("{\"table_id\":").append(flow.table()).append(",\"priority\":")
                .append(flow.priority()).append(",\"cookie\":").append(quote(hex(flow.cookie().value())))
                .append(",\"match\":[");
        List<FieldMatch> fields = flow.match().fields();
        for (int i = 0; i < fields.size(); i++) {
            FieldMatch field = fields.get(i);
            json.append(i == 0 ? "" : ",").append("{\"field\":").append(quote(field.field().matchName()))
                    .append(",\"value\":").append(quote(hex(field.value())));
            if (field.mask() != field.field().fullMask()) {
                json.append(",\"mask\":").append(quote(hex(field.mask())));
            }
            json.append('}');
        }
        json.append("],\"apply_actions\":[");
        List<Action> actions = flow.instructions().actions();
        for (int i = 0; i < actions.size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(actions.get(i).toString()));
        }
        json.append(']');
        flow.instructions().writeMetadata().ifPresent(write -> json.append(",\"write_metadata\":")
                .append(quote(hex(write.value()))).append(",\"write_metadata_mask\":").append(quote(hex(write.mask()))));
        flow.instructions().gotoTable().ifPresent(table -> json.append(",\"goto_table\":").append(table));
        return json.append(",\"ofctl\":").append(quote(flow.toString())).append('}').toString();
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** A JSON string; the texts here are ASCII without quotes or backslashes except by mistake, escaped anyway. */
    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
