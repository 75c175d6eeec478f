package io.appnet.controller.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.compiler.firewall.Budget;
import io.appnet.compiler.firewall.DeployMode;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.ModelException;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.controller.firewall.FirewallException;
import io.appnet.controller.firewall.FirewallRows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A firewall registration in JSON, read and written:
 * <pre>{"name": "fw1", "datapath_id": "00000000000000f1", "protected_port": 1, "platform_port": 2,
 *  "guards": [{"type": "app", "id": "db"}, {"type": "destination", "id": "&lt;destination id&gt;"}],
 *  "identity": {"mode": "nat", "addresses": {"web": "198.18.0.10"}}, "budget": {"tables": 2, "max_entries": 1000}}</pre>
 * {@code identity.mode} is {@code nat} (with {@code addresses}, app GUID -> NAT address), {@code instance-ip}, or
 * {@code vxlan} (with {@code tunnel_ports}, host id -> port); {@code budget} and its fields are optional. Every
 * refusal names its field.
 */
final class FirewallJson {

    private FirewallJson() {
    }

    static Firewall parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException malformed) {
            throw new FirewallException("unmarshal json: " + Json.malformed(malformed));
        } catch (IOException unreadable) {
            throw new FirewallException("unmarshal json: " + unreadable.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new FirewallException("unmarshal json: the body is not a JSON object");
        }
        try {
            return new Firewall(text(root, "name"), datapathId(root.path("datapath_id")),
                    number(root, "protected_port"), number(root, "platform_port"), guards(root.path("guards")),
                    identity(root.path("identity")), budget(root.path("budget")), deploy(root.path("deploy")));
        } catch (ModelException invalid) {
            throw new FirewallException(invalid.getMessage());
        }
    }

    /** 16 hex digits as {@code ovs-ofctl show} prints them, with or without {@code 0x}, or a JSON number. */
    static long datapathId(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() > 0) {
            return node.asLong();
        }
        String text = node.isTextual() ? node.asText() : "";
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (!digits.matches("[0-9a-fA-F]{1,16}")) {
            throw new FirewallException("datapath_id: " + (node.isMissingNode() ? "missing" : "'" + node + "'"
                    + " is not 1-16 hex digits"));
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isTextual()) {
            throw new FirewallException(field + ": " + (node.isMissingNode() ? "missing" : "must be a string"));
        }
        return node.asText();
    }

    private static long number(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new FirewallException(field + ": " + (node.isMissingNode() ? "missing" : "'" + node
                    + "' is not an OpenFlow port number"));
        }
        return node.asLong();
    }

    private static List<Guard> guards(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new FirewallException("guards: a list of at least one {\"type\": \"app\"|\"destination\", \"id\": ...}");
        }
        List<Guard> guards = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode guard = node.get(i);
            String id = guard.path("id").isTextual() ? guard.path("id").asText() : "";
            if (id.isEmpty()) {
                throw new FirewallException("guards[" + i + "].id: missing");
            }
            switch (guard.path("type").asText("")) {
                case "app" -> guards.add(new Guard.App(id));
                case "destination" -> guards.add(new Guard.Destination(id));
                default -> throw new FirewallException("guards[" + i + "].type: must be app or destination");
            }
        }
        return guards;
    }

    private static Identity identity(JsonNode node) {
        String mode = node.path("mode").asText("");
        return switch (mode) {
            case FirewallRows.INSTANCE_IP -> new Identity.InstanceIp();
            case FirewallRows.NAT -> {
                TreeMap<String, Ipv4Address> addresses = new TreeMap<>();
                for (Map.Entry<String, JsonNode> entry : fields(node, "addresses")) {
                    try {
                        addresses.put(entry.getKey(), Ipv4Address.parse(entry.getValue().asText("")));
                    } catch (ModelException bad) {
                        throw new FirewallException("identity.addresses[" + entry.getKey() + "]: " + bad.getMessage());
                    }
                }
                yield new Identity.Nat(addresses);
            }
            case FirewallRows.VXLAN -> {
                TreeMap<HostId, Long> ports = new TreeMap<>();
                for (Map.Entry<String, JsonNode> entry : fields(node, "tunnel_ports")) {
                    if (!entry.getValue().isIntegralNumber()) {
                        throw new FirewallException("identity.tunnel_ports[" + entry.getKey() + "]: not a port number");
                    }
                    ports.put(HostId.of(entry.getKey()), entry.getValue().asLong());
                }
                yield new Identity.Vxlan(ports);
            }
            default -> throw new FirewallException("identity.mode: " + (mode.isEmpty() ? "missing" : "'" + mode
                    + "'") + "; must be nat, instance-ip or vxlan");
        };
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode identity, String field) {
        JsonNode node = identity.path(field);
        if (!node.isObject()) {
            throw new FirewallException("identity." + field + ": missing (an object)");
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            entries.add(it.next());
        }
        return entries;
    }

    private static Optional<Budget> budget(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new FirewallException("budget: must be an object {\"tables\": N, \"max_entries\": M}");
        }
        JsonNode tables = node.path("tables");
        JsonNode entries = node.path("max_entries");
        for (String field : List.of("tables", "max_entries")) {
            JsonNode value = node.path(field);
            if (!value.isMissingNode() && !value.isNull() && (!value.isIntegralNumber() || !value.canConvertToLong())) {
                throw new FirewallException("budget." + field + ": '" + value + "' is not a whole number");
            }
        }
        boolean hasTables = tables.isIntegralNumber();
        if (hasTables && (tables.asLong() < 1 || tables.asLong() > 255)) {
            throw new FirewallException("budget.tables: " + tables.asLong() + " is outside 1..255");
        }
        return Optional.of(new Budget(hasTables ? OptionalInt.of(tables.asInt()) : OptionalInt.empty(),
                entries.isIntegralNumber() ? OptionalLong.of(entries.asLong()) : OptionalLong.empty()));
    }

    /** Optional; {@code auto} unless given. */
    private static DeployMode deploy(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return DeployMode.AUTO;
        }
        if (!node.isTextual()) {
            throw new FirewallException("deploy: '" + node + "' must be auto or make-before-break");
        }
        return DeployMode.parse(node.asText());
    }

    static Map<String, Object> render(Firewall firewall, Optional<FirewallDevices.State> state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", firewall.name());
        json.put("datapath_id", String.format("%016x", firewall.datapathId()));
        json.put("protected_port", firewall.protectedPort());
        json.put("platform_port", firewall.platformPort());
        json.put("guards", firewall.guards().stream().map(guard -> guard instanceof Guard.App app
                ? Map.of("type", "app", "id", app.guid())
                : Map.of("type", "destination", "id", ((Guard.Destination) guard).id())).toList());
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("mode", FirewallRows.mode(firewall.identity()));
        if (firewall.identity() instanceof Identity.Nat nat) {
            Map<String, String> addresses = new TreeMap<>();
            nat.addresses().forEach((guid, address) -> addresses.put(guid, address.toString()));
            identity.put("addresses", addresses);
        } else if (firewall.identity() instanceof Identity.Vxlan vxlan) {
            Map<String, Long> ports = new TreeMap<>();
            vxlan.tunnelPorts().forEach((host, port) -> ports.put(host.name(), port));
            identity.put("tunnel_ports", ports);
        }
        json.put("identity", identity);
        json.put("budget", firewall.budget().map(budget -> {
            Map<String, Object> limits = new LinkedHashMap<>();
            budget.tables().ifPresent(tables -> limits.put("tables", tables));
            budget.maxEntries().ifPresent(entries -> limits.put("max_entries", entries));
            return limits;
        }).orElse(null));
        json.put("deploy", firewall.deploy().text());
        json.put("connected", state.map(FirewallDevices.State::connected).orElse(false));
        json.put("state", state.map(FirewallDevices.State::outcome).orElse("never connected"));
        return json;
    }
}
