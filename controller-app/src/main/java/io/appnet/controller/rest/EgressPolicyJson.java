package io.appnet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.EgressException;
import io.appnet.controller.egress.EgressPolicyRecord;
import io.appnet.controller.egress.EgressPolicySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cloud Foundry's egress policies as JSON: {@code {"egress_policies": [{"id", "source": {"id", "type"},
 * "destination": {"id"}, "app_lifecycle"}]}}, the ID being the policy's number as a string. Parsing checks in
 * policy-server's order with its messages ({@code unmarshal json: ...}, {@code validating egress policies: ...}).
 */
final class EgressPolicyJson {

    private EgressPolicyJson() {
    }

    static List<EgressPolicySpec> parse(byte[] body) {
        JsonNode policies = JsonFields.expect(JsonFields.body(body), "egress_policies", "", true);
        if (!policies.isArray() || policies.isEmpty()) {
            throw invalid("missing egress policies");
        }
        List<EgressPolicySpec> specs = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            String at = "egress_policies[" + i + "]";
            JsonNode policy = JsonFields.object(policies.get(i), at);
            JsonNode source = JsonFields.expect(policy, "source", at, false);
            JsonNode destination = JsonFields.expect(policy, "destination", at, false);
            String sourceId = JsonFields.text(source, "id", at + ".source");
            String sourceType = JsonFields.text(source, "type", at + ".source");
            String destinationId = JsonFields.text(destination, "id", at + ".destination");
            String lifecycle = JsonFields.text(policy, "app_lifecycle", at);
            if (!source.isObject()) {
                throw invalid("missing egress source");
            }
            if (sourceType.equals("default")) {
                throw invalid("source type 'default' is not supported: name an app or a space");
            }
            if (!sourceId.isEmpty() && (sourceType.isEmpty() || sourceType.equals("app")
                    || sourceType.equals("space")) && !destination.isObject()) {
                throw invalid("missing egress destination");
            }
            try {
                specs.add(new EgressPolicySpec(sourceType, sourceId, destinationId,
                        policy.hasNonNull("app_lifecycle") ? lifecycle : null));
            } catch (EgressException refused) {
                throw invalid(refused.getMessage());
            }
        }
        return specs;
    }

    static EgressException invalid(String message) {
        return new EgressException("validating egress policies: " + message);
    }

    /**
     * policy-server's answer: {@code {"total_egress_policies": N, "egress_policies": [...]}}, each destination given
     * by {@code destination} (its id only when that answers null: what create and delete answer).
     */
    static Map<String, Object> render(List<EgressPolicyRecord> records,
                                      Function<String, DestinationRecord> destination) {
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (EgressPolicyRecord record : records) {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("id", record.spec().sourceId());
            source.put("type", record.spec().sourceType());
            DestinationRecord full = destination.apply(record.spec().destinationId());
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("id", Long.toString(record.id().value()));
            policy.put("source", source);
            policy.put("destination", full == null ? Map.of("id", record.spec().destinationId())
                    : DestinationJson.render(full));
            policy.put("app_lifecycle", record.spec().appLifecycle());
            rendered.add(policy);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_egress_policies", rendered.size());
        body.put("egress_policies", rendered);
        return body;
    }
}
