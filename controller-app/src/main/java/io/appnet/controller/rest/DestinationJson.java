package io.appnet.controller.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.DestinationSpec;
import io.appnet.controller.egress.EgressException;
import io.appnet.controller.egress.RuleParser;
import java.io.IOException;
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
 * protocol {@code all} without ports, and {@code gateways}, the gateways a destination is pinned to.
 */
final class DestinationJson {

    private DestinationJson() {
    }

    static List<DestinationSpec> parse(byte[] body) {
        JsonNode root = read(body);
        JsonNode destinations = root.path("destinations");
        if (!destinations.isArray() || destinations.isEmpty()) {
            throw invalid("missing destinations");
        }
        List<DestinationSpec> specs = new ArrayList<>();
        for (JsonNode destination : destinations) {
            String name = destination.path("name").asText("");
            if (name.isEmpty()) {
                throw invalid("missing destination name");
            }
            JsonNode rules = destination.path("rules");
            if (!rules.isArray() || rules.isEmpty()) {
                throw invalid("missing rules");
            }
            List<DestinationRule> parsed = new ArrayList<>();
            for (JsonNode rule : rules) {
                parsed.add(rule(rule));
            }
            Set<String> gateways = new LinkedHashSet<>();
            destination.path("gateways").forEach(gateway -> gateways.add(gateway.asText()));
            String id = destination.path("id").asText("");
            specs.add(new DestinationSpec(id.isEmpty() ? null : id, name, destination.path("description").asText(""),
                    parsed, gateways));
        }
        return specs;
    }

    static JsonNode read(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw new EgressException("unmarshal json: the body is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException malformed) {
            throw new EgressException("unmarshal json: " + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            throw new EgressException("unmarshal json: " + unreadable.getMessage());
        }
    }

    private static DestinationRule rule(JsonNode rule) {
        try {
            return RuleParser.parse(rule.path("protocol").asText(""), ranges(rule.path("ips")),
                    ranges(rule.path("ports")), rule.hasNonNull("icmp_type") ? rule.path("icmp_type").asInt() : null,
                    rule.hasNonNull("icmp_code") ? rule.path("icmp_code").asInt() : null);
        } catch (EgressException refused) {
            throw invalid(refused.getMessage());
        }
    }

    /** Ranges as {@code [{"start", "end"}, ...]} (a missing end is the start), or as text {@code "a-b,c-d"}. */
    private static List<String[]> ranges(JsonNode node) {
        if (node.isTextual()) {
            return RuleParser.ranges(node.asText());
        }
        List<String[]> ranges = new ArrayList<>();
        for (JsonNode range : node) {
            String start = range.path("start").asText("");
            String end = range.path("end").asText("");
            ranges.add(new String[] {start, end.isEmpty() ? start : end});
        }
        return ranges;
    }

    private static EgressException invalid(String message) {
        return new EgressException("validate destinations: " + message);
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
