package io.appnet.controller.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.DestinationSpec;
import io.appnet.controller.egress.EgressException;
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
        String protocol = rule.path("protocol").asText("");
        if (protocol.isEmpty()) {
            throw invalid("missing destination protocol");
        }
        if (!List.of("tcp", "udp", "icmp", "all").contains(protocol)) {
            throw invalid("invalid destination protocol '" + protocol + "', specify either tcp, udp, or icmp");
        }
        Protocol parsed = Protocol.parse(protocol);
        List<PortRange> ports = ports(rule.path("ports"));
        if (parsed.hasPorts() && ports.isEmpty()) {
            throw invalid("missing destination ports");
        }
        if (!parsed.hasPorts() && !ports.isEmpty()) {
            throw invalid("ports are not supported for " + protocol + " protocol");
        }
        for (String field : List.of("icmp_code", "icmp_type")) {
            if (parsed != Protocol.ICMP && rule.hasNonNull(field)) {
                throw invalid("invalid destination: cannot set " + field + " property for destination with protocol '"
                        + protocol + "'");
            }
        }
        List<IpRange> ips = ips(rule.path("ips"));
        try {
            return new DestinationRule(parsed, ips, ports, rule.path("icmp_type").asInt(DestinationRule.ANY),
                    rule.path("icmp_code").asInt(DestinationRule.ANY));
        } catch (ModelException refused) {
            throw invalid(refused.getMessage());
        }
    }

    private static List<PortRange> ports(JsonNode ports) {
        List<PortRange> ranges = new ArrayList<>();
        for (String[] range : ranges(ports)) {
            int start = port(range[0]);
            int end = port(range[1]);
            if (start > end) {
                throw invalid("invalid port range " + start + "-" + end + ", start must be less than or equal to end");
            }
            if (end > 65535) {
                throw invalid("invalid end port " + end + ", must be in range 1-65535");
            }
            if (start <= 0) {
                throw invalid("invalid start port " + start + ", must be in range 1-65535");
            }
            ranges.add(new PortRange(start, end));
        }
        return ranges;
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notANumber) {
            throw invalid("invalid port " + text + ", could not convert to an integer");
        }
    }

    private static List<IpRange> ips(JsonNode ips) {
        List<IpRange> ranges = new ArrayList<>();
        for (String[] range : ranges(ips)) {
            Ipv4Address start = address(range[0]);
            Ipv4Address end = address(range[1]);
            if (start.compareTo(end) > 0) {
                throw invalid("invalid IP range " + range[0] + "-" + range[1]
                        + ", start must be less than or equal to end");
            }
            ranges.add(IpRange.of(start, end));
        }
        if (ranges.isEmpty()) {
            throw invalid("missing destination IP range");
        }
        return ranges;
    }

    private static Ipv4Address address(String text) {
        try {
            if (!text.contains(":")) {
                return Ipv4Address.parse(text);
            }
        } catch (RuntimeException notAnAddress) {
            // named below
        }
        throw invalid("invalid ip address '" + text + "', must be a valid IPv4 address");
    }

    /** Ranges as {@code [{"start", "end"}, ...]}, or as text {@code "a-b"} or {@code "a-b,c-d"}. */
    private static List<String[]> ranges(JsonNode node) {
        List<String[]> ranges = new ArrayList<>();
        if (node.isTextual()) {
            for (String range : node.asText().split(",")) {
                if (!range.isBlank()) {
                    int dash = range.indexOf('-', 1); // not a negative port's sign
                    String start = dash < 0 ? range.trim() : range.substring(0, dash).trim();
                    ranges.add(new String[] {start, dash < 0 ? start : range.substring(dash + 1).trim()});
                }
            }
        } else {
            for (JsonNode range : node) {
                String start = range.path("start").asText("");
                String end = range.path("end").asText("");
                ranges.add(new String[] {start, end.isEmpty() ? start : end});
            }
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
