package io.appnet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.DestinationSpec;
import io.appnet.controller.egress.EgressException;
import io.appnet.controller.egress.RuleParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cloud Foundry's egress destinations as JSON: {@code {"destinations": [{"id", "name", "description", "rules":
 * [{"protocol", "ips": [{"start", "end"}], "ports": [{"start", "end"}], "icmp_type", "icmp_code"}]}]}}. Parsing
 * checks in policy-server's order with its messages ({@code unmarshal json: ...}, {@code validate destinations:
 * ...}); appnet also takes several ip and port ranges per rule, ranges written {@code "a-b"} (later policy-servers),
 * protocol {@code all} without ports, and {@code gateways}, the gateways a destination is pinned to. A validation
 * message ends with where it applies ({@code (destinations[0].rules[1])}); fields are read as strictly as
 * policy-server's Go decoder reads them ({@link JsonFields}).
 */
final class DestinationJson {

    private DestinationJson() {
    }

    static List<DestinationSpec> parse(byte[] body) {
        JsonNode destinations = JsonFields.expect(JsonFields.body(body), "destinations", "", true);
        if (!destinations.isArray() || destinations.isEmpty()) {
            throw new EgressException("validate destinations: missing destinations");
        }
        List<DestinationSpec> specs = new ArrayList<>();
        for (int i = 0; i < destinations.size(); i++) {
            String at = "destinations[" + i + "]";
            JsonNode destination = JsonFields.object(destinations.get(i), at);
            String id = JsonFields.text(destination, "id", at);
            String name = JsonFields.text(destination, "name", at);
            String description = JsonFields.text(destination, "description", at);
            if (name.isEmpty()) {
                throw invalid("missing destination name", at);
            }
            JsonNode rules = JsonFields.expect(destination, "rules", at, true);
            if (!rules.isArray() || rules.isEmpty()) {
                throw invalid("missing rules", at);
            }
            List<DestinationRule> parsed = new ArrayList<>();
            for (int j = 0; j < rules.size(); j++) {
                parsed.add(rule(rules.get(j), at + ".rules[" + j + "]"));
            }
            Set<String> gateways = new LinkedHashSet<>(JsonFields.texts(destination, "gateways", at));
            specs.add(new DestinationSpec(id.isEmpty() ? null : id, name, description, parsed, gateways));
        }
        return specs;
    }

    /** One rule; a rule's {@code description} (later policy-servers) is read and not kept. */
    private static DestinationRule rule(JsonNode node, String at) {
        JsonNode rule = JsonFields.object(node, at);
        String protocol = JsonFields.text(rule, "protocol", at);
        List<String[]> ips = ranges(rule, "ips", at, false);
        List<String[]> ports = ranges(rule, "ports", at, true);
        Integer icmpType = JsonFields.integer(rule, "icmp_type", at);
        Integer icmpCode = JsonFields.integer(rule, "icmp_code", at);
        JsonFields.text(rule, "description", at);
        try {
            return RuleParser.parse(protocol, ips, ports, icmpType, icmpCode);
        } catch (EgressException refused) {
            throw invalid(refused.getMessage(), at);
        }
    }

    /**
     * Ranges as {@code [{"start", "end"}, ...]}, both given (addresses as strings, ports as numbers, as in
     * policy-server), or as text {@code "a-b,c-d"}.
     */
    private static List<String[]> ranges(JsonNode rule, String field, String at, boolean ports) {
        JsonNode node = rule.path(field);
        if (node.isTextual()) {
            return RuleParser.ranges(node.textValue());
        }
        node = JsonFields.expect(rule, field, at, true);
        List<String[]> ranges = new ArrayList<>();
        for (int k = 0; k < node.size(); k++) {
            String where = at + "." + field + "[" + k + "]";
            JsonNode range = JsonFields.object(node.get(k), where);
            ranges.add(new String[] {bound(range, "start", where, ports), bound(range, "end", where, ports)});
        }
        return ranges;
    }

    /** One end of a range, required: a port as a number, an address as a string. */
    private static String bound(JsonNode range, String end, String where, boolean port) {
        if (!range.hasNonNull(end)) {
            throw invalid("missing " + end + " of the range", where);
        }
        return port ? JsonFields.integer(range, end, where).toString() : JsonFields.text(range, end, where);
    }

    private static EgressException invalid(String message, String at) {
        return new EgressException("validate destinations: " + message + " (" + at + ")");
    }

    /** policy-server's answer: {@code {"total_destinations": N, "destinations": [...]}}. */
    static Map<String, Object> render(List<DestinationRecord> records) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_destinations", records.size());
        body.put("destinations", records.stream().map(DestinationJson::render).toList());
        return body;
    }

    static Map<String, Object> render(DestinationRecord record) {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("id", record.id());
        destination.put("name", record.destination().name());
        destination.put("description", record.description());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (DestinationRule rule : record.destination().rules()) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            rendered.put("protocol", rule.protocol().toString());
            rendered.put("ips", rule.ips().stream().map(range -> range(range.start().toString(),
                    range.end().toString())).toList());
            if (!rule.ports().isEmpty()) {
                rendered.put("ports", rule.ports().stream().map(range -> range(range.start(), range.end())).toList());
            }
            if (rule.protocol() == Protocol.ICMP) {
                rendered.put("icmp_type", rule.icmpType());
                rendered.put("icmp_code", rule.icmpCode());
            }
            rules.add(rendered);
        }
        destination.put("rules", rules);
        if (record.destination().pinned()) {
            destination.put("gateways", record.destination().gateways().stream().map(Object::toString).toList());
        }
        return destination;
    }

    /** {@code {"start": .., "end": ..}} in that order, as policy-server writes it. */
    static Map<String, Object> range(Object start, Object end) {
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("start", start);
        range.put("end", end);
        return range;
    }
}
