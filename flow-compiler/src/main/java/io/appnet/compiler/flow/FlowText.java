package io.appnet.compiler.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads flows written in {@code ovs-ofctl dump-flows} syntax (the subset of fields and actions the IR
 * has), so tests and golden files can state flows as an operator reads them. Writing is
 * {@link FlowEntry#toString()}.
 */
public final class FlowText {

    private static final Map<String, MatchField> MATCH_NAMES = new HashMap<>();

    static {
        for (MatchField field : MatchField.values()) {
            if (!field.matchName().startsWith("tp_")) {
                MATCH_NAMES.put(field.matchName(), field);
            }
        }
        MATCH_NAMES.put("eth_src", MatchField.ETH_SRC);
        MATCH_NAMES.put("eth_dst", MatchField.ETH_DST);
        MATCH_NAMES.put("eth_type", MatchField.ETH_TYPE);
    }

    private FlowText() {
    }

    /** Parses every non-blank line that does not start with {@code #}. */
    public static List<FlowEntry> parseAll(String text) {
        List<FlowEntry> flows = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                flows.add(parse(trimmed));
            }
        }
        return flows;
    }

    /** Parses one flow, e.g. {@code cookie=0xa4..01, table=51, priority=100,tcp,reg5=0x7 actions=goto_table:52}. */
    public static FlowEntry parse(String line) {
        try {
            return parseFlow(line.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot parse flow '" + line + "': " + e.getMessage(), e);
        }
    }

    private static FlowEntry parseFlow(String line) {
        int actionsAt = line.startsWith("actions=") ? 0 : line.indexOf(" actions=") + 1;
        if (actionsAt == 0 && !line.startsWith("actions=")) {
            throw new IllegalArgumentException("no actions=");
        }
        String head = line.substring(0, actionsAt).strip();
        String actionsText = line.substring(actionsAt + "actions=".length()).strip();
        long cookie = 0;
        int table = 0;
        int priority = 32768;
        Match.Builder match = Match.builder();
        List<String[]> transportPorts = new ArrayList<>();
        for (String rawToken : head.split(",")) {
            String token = rawToken.strip();
            if (token.isEmpty()) {
                continue;
            }
            int equals = token.indexOf('=');
            String name = equals < 0 ? token : token.substring(0, equals);
            String value = equals < 0 ? null : token.substring(equals + 1);
            switch (name) {
                case "cookie" -> cookie = FieldText.parseNumber(value);
                case "table" -> table = Integer.parseInt(value);
                case "priority" -> priority = Integer.parseInt(value);
                case "ip" -> match.ip();
                case "arp" -> match.arp();
                case "tcp" -> match.ipProto(Match.IP_PROTO_TCP);
                case "udp" -> match.ipProto(Match.IP_PROTO_UDP);
                case "icmp" -> match.ipProto(Match.IP_PROTO_ICMP);
                case "tp_src", "tp_dst" -> transportPorts.add(new String[] {name, value});
                default -> {
                    MatchField field = MATCH_NAMES.get(name);
                    if (field == null || value == null) {
                        throw new IllegalArgumentException("unknown match field '" + token + "'");
                    }
                    long[] valueAndMask = FieldText.parseMasked(field, value);
                    match.masked(field, valueAndMask[0], valueAndMask[1]);
                }
            }
        }
        if (!transportPorts.isEmpty()) {
            Match partial = match.build();
            long protocol = partial.field(MatchField.IP_PROTO).map(FieldMatch::value).orElse(-1L);
            for (String[] port : transportPorts) {
                MatchField field = transportField(protocol, port[0].equals("tp_src"));
                long[] valueAndMask = FieldText.parseMasked(field, port[1]);
                match.masked(field, valueAndMask[0], valueAndMask[1]);
            }
        }
        Instructions instructions = parseInstructions(actionsText);
        return FlowEntry.of(table, priority, match.build(), instructions, new Cookie(cookie));
    }

    private static MatchField transportField(long protocol, boolean source) {
        if (protocol == Match.IP_PROTO_TCP) {
            return source ? MatchField.TCP_SRC : MatchField.TCP_DST;
        }
        if (protocol == Match.IP_PROTO_UDP) {
            return source ? MatchField.UDP_SRC : MatchField.UDP_DST;
        }
        throw new IllegalArgumentException("tp_src/tp_dst need tcp or udp");
    }

    private static Instructions parseInstructions(String text) {
        if (text.equals("drop")) {
            return Instructions.drop();
        }
        List<Action> actions = new ArrayList<>();
        Optional<Instructions.MetadataWrite> writeMetadata = Optional.empty();
        OptionalInt gotoTable = OptionalInt.empty();
        for (String part : splitTopLevel(text)) {
            if (gotoTable.isPresent()) {
                throw new IllegalArgumentException("goto_table must be the last instruction");
            }
            if (part.startsWith("goto_table:")) {
                gotoTable = OptionalInt.of(Integer.parseInt(part.substring("goto_table:".length())));
            } else if (part.startsWith("write_metadata:")) {
                long[] valueAndMask = FieldText.parseMasked(MatchField.METADATA, part.substring("write_metadata:".length()));
                writeMetadata = Optional.of(new Instructions.MetadataWrite(valueAndMask[0], valueAndMask[1]));
            } else if (writeMetadata.isPresent()) {
                throw new IllegalArgumentException("write_metadata must follow the actions: " + text);
            } else {
                actions.add(parseAction(part));
            }
        }
        return new Instructions(actions, writeMetadata, gotoTable);
    }

    private static Action parseAction(String text) {
        if (text.equals("IN_PORT")) {
            return Action.outputInPort();
        }
        if (text.startsWith("output:")) {
            return Action.output(Long.parseLong(text.substring("output:".length())));
        }
        if (text.startsWith("set_field:")) {
            int arrow = text.lastIndexOf("->");
            String fieldName = text.substring(arrow + 2);
            MatchField field = MatchField.bySetFieldName(fieldName);
            if (field == null) {
                throw new IllegalArgumentException("unknown set_field target '" + fieldName + "'");
            }
            return Action.setField(field, FieldText.parse(field, text.substring("set_field:".length(), arrow)));
        }
        if (text.startsWith("move:")) {
            int arrow = text.indexOf("->");
            return Action.move(parseSlice(text.substring("move:".length(), arrow)), parseSlice(text.substring(arrow + 2)));
        }
        if (text.startsWith("conjunction(") && text.endsWith(")")) {
            String[] parts = text.substring("conjunction(".length(), text.length() - 1).split("[,/]");
            return Action.conjunction(Long.parseLong(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                    Integer.parseInt(parts[2].strip()));
        }
        if (text.startsWith("resubmit(,") && text.endsWith(")")) {
            return Action.resubmit(Integer.parseInt(text.substring("resubmit(,".length(), text.length() - 1)));
        }
        if (text.startsWith("ct(") && text.endsWith(")")) {
            return parseConntrack(text.substring(3, text.length() - 1));
        }
        throw new IllegalArgumentException("unsupported action '" + text + "'");
    }

    private static Action parseConntrack(String arguments) {
        boolean commit = false;
        OptionalInt table = OptionalInt.empty();
        Action.CtZone zone = Action.CtZone.of(0);
        List<Action> exec = List.of();
        Action.Nat nat = Action.Nat.NONE;
        for (String argument : splitTopLevel(arguments)) {
            if (argument.equals("commit")) {
                commit = true;
            } else if (argument.startsWith("table=")) {
                table = OptionalInt.of(Integer.parseInt(argument.substring("table=".length())));
            } else if (argument.startsWith("zone=")) {
                String value = argument.substring("zone=".length());
                zone = value.contains("[") ? Action.CtZone.from(parseSlice(value))
                        : Action.CtZone.of(Integer.parseInt(value));
            } else if (argument.equals("nat")) {
                nat = Action.Nat.REVERSE;
            } else if (argument.startsWith("nat(src=") && argument.endsWith(")")) {
                nat = parseSourceNat(argument.substring("nat(src=".length(), argument.length() - 1));
            } else if (argument.startsWith("exec(") && argument.endsWith(")")) {
                exec = parseInstructions(argument.substring(5, argument.length() - 1)).actions();
            } else {
                throw new IllegalArgumentException("unsupported ct argument '" + argument + "'");
            }
        }
        return new Action.Conntrack(commit, table, zone, nat, exec);
    }

    /** {@code min[-max][:portMin[-portMax]]} of {@code nat(src=...)}. */
    private static Action.Nat parseSourceNat(String range) {
        int colon = range.indexOf(':');
        String addresses = colon < 0 ? range : range.substring(0, colon);
        String[] ends = addresses.split("-");
        long min = FieldText.parse(MatchField.IPV4_SRC, ends[0]);
        long max = ends.length > 1 ? FieldText.parse(MatchField.IPV4_SRC, ends[1]) : min;
        int portMin = 0;
        int portMax = 0;
        if (colon >= 0) {
            String[] ports = range.substring(colon + 1).split("-");
            portMin = Integer.parseInt(ports[0]);
            portMax = ports.length > 1 ? Integer.parseInt(ports[1]) : portMin;
        }
        return Action.Nat.source(min, max, portMin, portMax);
    }

    private static FieldSlice parseSlice(String text) {
        int bracket = text.indexOf('[');
        if (bracket < 0 || !text.endsWith("]")) {
            throw new IllegalArgumentException("bad field slice '" + text + "'");
        }
        MatchField field = MatchField.byNxmName(text.substring(0, bracket));
        if (field == null) {
            throw new IllegalArgumentException("unknown field '" + text.substring(0, bracket) + "'");
        }
        String range = text.substring(bracket + 1, text.length() - 1);
        if (range.isEmpty()) {
            return FieldSlice.of(field);
        }
        int dots = range.indexOf("..");
        int start = Integer.parseInt(dots < 0 ? range : range.substring(0, dots));
        int end = dots < 0 ? start : Integer.parseInt(range.substring(dots + 2));
        return FieldSlice.of(field, start, end - start + 1);
    }

    /** Splits on commas that are not inside parentheses. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        parts.removeIf(String::isEmpty);
        return parts;
    }
}
