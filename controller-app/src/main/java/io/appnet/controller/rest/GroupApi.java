package io.appnet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.controller.policy.Applied;
import io.appnet.controller.policy.GroupPolicyRecord;
import io.appnet.controller.policy.GroupRecord;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * appnet's groups (a Cloud Foundry space is a group; {@code type: space} egress policies name one) and group
 * policies (space networking: group -> group, or group -> app with destination {@code "type": "app"}), under {@code /appnet/v1}: {@code /groups} and {@code /group-policies}, list, create,
 * delete by id. Pure, like the other APIs; {@link AppnetApi} checks the token and maps refusals to 400.
 */
final class GroupApi {

    private final GroupService groups;

    GroupApi(GroupService groups) {
        this.groups = groups;
    }

    static boolean serves(String path) {
        return path.equals("/groups") || path.startsWith("/groups/") || path.equals("/group-policies")
                || path.startsWith("/group-policies/");
    }

    HttpResponse handle(String method, String path, HttpRequest request) {
        if (method.equals("DELETE") && path.startsWith("/groups/")) {
            GroupRecord deleted = awaited(groups.delete(path.substring("/groups/".length())));
            return answer("groups", List.of(render(deleted)));
        }
        if (method.equals("DELETE") && path.startsWith("/group-policies/")) {
            String id = path.substring("/group-policies/".length());
            GroupPolicyRecord deleted;
            try {
                deleted = awaited(groups.deletePolicy(Long.parseLong(id)));
            } catch (NumberFormatException notAnId) {
                throw PolicyException.notFound("unknown group policy " + id);
            }
            return answer("group_policies", List.of(render(deleted)));
        }
        return switch (method + " " + path) {
            case "GET /groups" -> answer("groups", groups.groups().stream().map(GroupApi::render).toList());
            case "POST /groups" -> answer("groups", awaited(groups.put(parseGroups(request.body()))).stream()
                    .map(GroupApi::render).toList());
            case "GET /group-policies" -> answer("group_policies", groups.groupPolicies().stream()
                    .map(GroupApi::render).toList());
            case "POST /group-policies" -> answer("group_policies", awaited(groups.create(
                    parsePolicies(request.body()))).stream().map(GroupApi::render).toList());
            default -> HttpResponse.error(404, "not found");
        };
    }

    /** Groups as given: a group is replaced whole, so its {@code members} must be there (an empty list empties it). */
    private static List<GroupRecord> parseGroups(byte[] body) {
        List<GroupRecord> parsed = new ArrayList<>();
        JsonNode groups = array(body, "groups");
        for (int i = 0; i < groups.size(); i++) {
            String at = "groups[" + i + "]";
            JsonNode group = JsonFields.object(groups.get(i), at);
            String id = JsonFields.text(group, "id", at);
            String name = JsonFields.text(group, "name", at);
            GroupRecord record = new GroupRecord(id, name, JsonFields.texts(group, "members", at));
            if (!group.hasNonNull("members")) {
                throw new PolicyException("missing members (" + at + "): list the group's app GUIDs, [] for none");
            }
            parsed.add(record);
        }
        return parsed;
    }

    private static List<GroupPolicyRecord> parsePolicies(byte[] body) {
        List<GroupPolicyRecord> parsed = new ArrayList<>();
        JsonNode policies = array(body, "group_policies");
        for (int i = 0; i < policies.size(); i++) {
            String at = "group_policies[" + i + "]";
            JsonNode policy = JsonFields.object(policies.get(i), at);
            JsonNode source = JsonFields.expect(policy, "source", at, false);
            JsonNode destination = JsonFields.expect(policy, "destination", at, false);
            JsonNode ports = JsonFields.expect(destination, "ports", at + ".destination", false);
            parsed.add(GroupPolicyRecord.parse(JsonFields.text(source, "id", at + ".source"),
                    JsonFields.text(destination, "type", at + ".destination"),
                    JsonFields.text(destination, "id", at + ".destination"),
                    JsonFields.text(destination, "protocol", at + ".destination"),
                    JsonFields.integer(ports, "start", at + ".destination.ports"),
                    JsonFields.integer(ports, "end", at + ".destination.ports")));
        }
        return parsed;
    }

    private static JsonNode array(byte[] body, String field) {
        JsonNode items = JsonFields.expect(JsonFields.body(body), field, "", true);
        if (!items.isArray() || items.isEmpty()) {
            throw new PolicyException("missing " + field.replace('_', ' '));
        }
        return items;
    }

    private static Map<String, Object> render(GroupRecord group) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("id", group.id());
        rendered.put("name", group.name());
        rendered.put("members", group.members());
        return rendered;
    }

    private static Map<String, Object> render(GroupPolicyRecord policy) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("id", policy.id().value());
        rendered.put("source", policy.sourceGroup());
        rendered.put("destination", policy.destinationId());
        rendered.put("destination_type", policy.destinationType());
        rendered.put("protocol", policy.protocol().toString());
        rendered.put("ports", policy.protocol().hasPorts()
                ? DestinationJson.range(policy.ports().start(), policy.ports().end()) : null);
        return rendered;
    }

    private static <T> T awaited(Applied<T> applied) {
        PolicyServerApi.awaitSwitches(applied.programmed());
        return applied.value();
    }

    private static HttpResponse answer(String field, List<Map<String, Object>> items) {
        return HttpResponse.json(200, Json.write(Map.of(field, items)));
    }
}
