package io.appnet.openflow.text;

import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.action.Instructions;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.FlowStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A flow as {@code ovs-ofctl -O OpenFlow13 dump-flows} prints it (Open vSwitch 3.1
 * {@code ofputil_flow_stats_format()}), without the fields that change while the flow lives (duration, n_packets,
 * n_bytes, idle_age, hard_age):
 * {@code cookie=0x5, table=1, idle_timeout=10, send_flow_rem priority=100,tcp,tp_dst=80 actions=output:1}.
 * Cookie and table are always there, as in a dump with statistics; timeouts only when not 0, flags as
 * space-separated words, priority only when not the default 32768.
 *
 * <p>{@link #of(FlowStats)} renders a flow read from a switch, {@link #of(FlowMod)} the flow an ADD installs,
 * and {@link #normalize(String)} brings a line of real ovs-ofctl output to the same form, so the three compare
 * as strings.
 */
public final class FlowText {
    /** Leading {@code key=value, } fields of a dump line, before the flags, match and actions. */
    private static final Pattern LEADING_FIELD = Pattern.compile("([a-z_]+)=([^,\\s]*), ");
    private static final Set<String> VOLATILE = Set.of("duration", "n_packets", "n_bytes", "idle_age", "hard_age");
    private static final String ACTIONS = "actions=";

    private FlowText() {
    }

    /** The flow a switch reported, e.g. in a flow statistics reply. */
    public static String of(FlowStats flow) {
        return format(flow.cookie(), flow.tableId(), flow.idleTimeout(), flow.hardTimeout(), flow.flags(),
                flow.priority(), flow.match(), flow.instructions());
    }

    /**
     * The flow an ADD installs, as the switch will report it.
     *
     * @throws IllegalArgumentException for any other command: a modify or delete is not one flow
     */
    public static String of(FlowMod add) {
        if (add.command() != FlowModCommand.ADD) {
            throw new IllegalArgumentException("only an ADD describes a flow, not a " + add.command());
        }
        return format(add.cookie(), add.tableId(), add.idleTimeout(), add.hardTimeout(), add.flags(), add.priority(),
                add.match(), add.instructions());
    }

    private static String format(long cookie, int tableId, int idleTimeout, int hardTimeout, Set<FlowModFlag> flags,
            int priority, Match match, List<Instruction> instructions) {
        StringBuilder s = new StringBuilder();
        s.append("cookie=0x").append(Long.toHexString(cookie)).append(", ");
        s.append("table=").append(tableId).append(", ");
        if (idleTimeout != 0) {
            s.append("idle_timeout=").append(idleTimeout).append(", ");
        }
        if (hardTimeout != 0) {
            s.append("hard_timeout=").append(hardTimeout).append(", ");
        }
        for (FlowModFlag flag : flags) { // the enum is in Open vSwitch's print order
            s.append(flagName(flag)).append(' ');
        }
        List<String> matchParts = new ArrayList<>(2);
        if (priority != FlowMod.DEFAULT_PRIORITY) {
            matchParts.add("priority=" + priority);
        }
        String fields = match.toOvsText();
        if (!fields.isEmpty()) {
            matchParts.add(fields);
        }
        if (!matchParts.isEmpty()) {
            s.append(String.join(",", matchParts)).append(' ');
        }
        return s.append(ACTIONS).append(Instructions.toOvsText(instructions)).toString();
    }

    private static String flagName(FlowModFlag flag) {
        return switch (flag) {
            case SEND_FLOW_REM -> "send_flow_rem";
            case CHECK_OVERLAP -> "check_overlap";
            case RESET_COUNTS -> "reset_counts";
            case NO_PKT_COUNTS -> "no_packet_counts";
            case NO_BYT_COUNTS -> "no_byte_counts";
        };
    }

    /**
     * One flow line of {@code ovs-ofctl dump-flows} (with or without {@code --no-stats}) in the form of
     * {@link #of(FlowStats)}: surrounding blanks and the volatile fields removed, a cookie or table that
     * {@code --no-stats} leaves out when zero put back.
     *
     * @throws IllegalArgumentException if the line is not a flow (no {@code actions=}), e.g. the reply header
     */
    public static String normalize(String dumpFlowsLine) {
        String line = dumpFlowsLine.strip();
        int actions = line.indexOf(ACTIONS);
        if (actions < 0) {
            throw new IllegalArgumentException("not a dump-flows flow line (no " + ACTIONS + "): '" + line + "'");
        }
        Matcher field = LEADING_FIELD.matcher(line);
        String cookie = "cookie=0x0, ";
        String table = "table=0, ";
        StringBuilder others = new StringBuilder();
        int position = 0;
        while (position < actions && field.find(position) && field.start() == position) {
            String name = field.group(1);
            if (name.equals("cookie")) {
                cookie = field.group();
            } else if (name.equals("table")) {
                table = field.group();
            } else if (!VOLATILE.contains(name)) {
                others.append(field.group());
            }
            position = field.end();
        }
        return cookie + table + others + line.substring(position);
    }

    /** Every flow line of a whole {@code dump-flows} output, normalized, in the order printed; headers skipped. */
    public static List<String> normalizeDump(String dumpFlowsOutput) {
        return dumpFlowsOutput.lines()
                .filter(line -> line.contains(ACTIONS))
                .map(FlowText::normalize)
                .toList();
    }
}
