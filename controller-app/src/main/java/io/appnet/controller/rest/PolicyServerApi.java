package io.appnet.controller.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Network;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.policy.PolicyException;
import io.appnet.controller.store.StoreUnavailableException;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.policy.QuotaExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cloud Foundry policy-server's external API (v1), wire-compatible: same paths, JSON, status codes and error
 * messages, so existing clients work unchanged. Pure: a request in, a response out; the server adapter does
 * the HTTP. Where policy-server asks Cloud Controller whether a non-admin may touch an app, appnet has no
 * Cloud Controller: a {@code network.write} token names its apps itself ({@link Principal#apps()}), may list,
 * create and delete only policies between them, and is held to the per-source-app quota.
 */
public final class PolicyServerApi {
    public static final int MAX_BODY_BYTES = 10 << 20;
    public static final int DEFAULT_QUOTA = 150;
    static final String NO_ACCESS = "one or more applications cannot be found or accessed";
    private static final Pattern EXTERNAL = Pattern.compile("/networking/([^/]+)/external(/.*)");
    private static final Duration SWITCH_WAIT = Duration.ofSeconds(2);
    private static final List<String> WRITE_SCOPES = List.of(Principal.ADMIN, Principal.WRITE);
    private static final ObjectMapper PAYLOADS = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final PolicyService policies;
    private final EgressApi egress;
    private final Supplier<Network> network;
    private final BearerAuth auth;
    private final int quota;

    public PolicyServerApi(PolicyService policies, EgressService egress, Supplier<Network> network,
                           TokenVerifier tokens, int quota) {
        this.policies = policies;
        this.egress = new EgressApi(egress);
        this.network = network;
        this.auth = new BearerAuth(tokens);
        this.quota = quota;
    }

    public HttpResponse handle(HttpRequest request) {
        if (request.path().equals("/health") && request.method().equals("GET")) {
            return HttpResponse.json(200, "");
        }
        Matcher external = EXTERNAL.matcher(request.path());
        if (!external.matches()) {
            return HttpResponse.error(404, "not found");
        }
        String route = request.method() + " " + external.group(2);
        boolean egressRoute = EgressApi.serves(external.group(2));
        List<String> allowed = route.equals("GET /tags") || egressRoute ? List.of(Principal.ADMIN) : WRITE_SCOPES;
        BearerAuth.Outcome outcome = auth.check(request, allowed);
        if (outcome instanceof BearerAuth.Refused refused) {
            return refused.response();
        }
        Principal principal = ((BearerAuth.Allowed) outcome).principal();
        if (!external.group(1).equals("v1")) {
            return HttpResponse.error(406, "api version '" + external.group(1) + "' not supported");
        }
        if (egressRoute) {
            return egress.handle(request.method(), external.group(2), request);
        }
        return switch (route) {
            case "GET /policies" -> list(request, principal);
            case "POST /policies" -> create(request, principal);
            case "POST /policies/delete" -> delete(request, principal);
            case "GET /tags" -> tags();
            case "GET /whoami" -> HttpResponse.json(200, Json.write(Map.of("subject",
                    principal.userName().isEmpty() ? principal.subject() : principal.userName())));
            default -> HttpResponse.error(404, "not found");
        };
    }

    private HttpResponse list(HttpRequest request, Principal principal) {
        PolicyFilter filter = new PolicyFilter(ids(request, "id"), ids(request, "source_id"), ids(request, "dest_id"));
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (PolicyRecord record : visible(policies, filter, principal)) {
            rendered.add(render(record.spec()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_policies", rendered.size());
        body.put("policies", rendered);
        return HttpResponse.json(200, Json.write(body));
    }

    /** As policy-server's policy filter: a non-admin sees the policies whose both apps are its own. */
    static List<PolicyRecord> visible(PolicyService policies, PolicyFilter filter, Principal principal) {
        return policies.list(filter).stream().filter(record -> principal.mayTouch(record.spec())).toList();
    }

    private static Set<String> ids(HttpRequest request, String parameter) {
        String value = request.query().get(parameter);
        return value == null ? Set.of() : Set.copyOf(Arrays.asList(value.split(",")));
    }

    private static Map<String, Object> render(PolicySpec spec) {
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put("start", spec.protocol().hasPorts() ? spec.ports().start() : 0);
        ports.put("end", spec.protocol().hasPorts() ? spec.ports().end() : 0);
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("id", spec.destinationGuid());
        destination.put("protocol", spec.protocol().toString());
        destination.put("ports", ports);
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("source", Map.of("id", spec.sourceGuid()));
        policy.put("destination", destination);
        return policy;
    }

    private HttpResponse create(HttpRequest request, Principal principal) {
        if (request.bodyTooLarge()) {
            return HttpResponse.error(400, "failed reading request body");
        }
        List<PolicySpec> specs;
        try {
            specs = specs(request.body());
        } catch (PolicyException refused) {
            return HttpResponse.error(400, "mapper: " + refused.getMessage());
        }
        if (!specs.stream().allMatch(principal::mayTouch)) {
            return HttpResponse.error(403, NO_ACCESS);
        }
        long started = System.nanoTime();
        try {
            awaitSwitches(create(policies, specs, principal, quota));
        } catch (QuotaExceededException exceeded) {
            return HttpResponse.error(403, "policy quota exceeded");
        } catch (PolicyException refused) {
            return HttpResponse.error(400, "mapper: validate policies: " + refused.getMessage());
        } catch (StoreUnavailableException unavailable) {
            return HttpResponse.storeUnavailable(unavailable);
        }
        return HttpResponse.changed(System.nanoTime() - started);
    }

    /**
     * The change is stored when {@code create}/{@code delete} return; waiting a little longer for the switches'
     * acknowledgement makes a 200 mean "in effect" in the normal case, while a frozen switch cannot hold the
     * request (it is reconciled when it comes back).
     */
    static void awaitSwitches(CompletableFuture<Void> programmed) {
        try {
            programmed.get(SWITCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // stored and acknowledged to the client; the programmer retries and logs the switch's failure
        }
    }

    /** Admins without a quota; anyone else held to it, counted and applied atomically by the policy service. */
    static CompletableFuture<Void> create(PolicyService policies, List<PolicySpec> specs, Principal principal,
            int quota) {
        return principal.isAdmin() ? policies.create(specs) : policies.create(specs, quota);
    }

    private HttpResponse delete(HttpRequest request, Principal principal) {
        if (request.bodyTooLarge()) {
            return HttpResponse.error(400, "invalid request body");
        }
        long started;
        try {
            List<PolicySpec> specs = specs(request.body());
            if (!specs.stream().allMatch(principal::mayTouch)) {
                return HttpResponse.error(403, NO_ACCESS);
            }
            started = System.nanoTime();
            awaitSwitches(policies.delete(specs));
        } catch (PolicyException refused) {
            return HttpResponse.error(400, "mapper: " + refused.getMessage());
        } catch (StoreUnavailableException unavailable) {
            return HttpResponse.storeUnavailable(unavailable);
        }
        return HttpResponse.changed(System.nanoTime() - started);
    }

    /** Apps' app IDs and destinations' pseudo app IDs (type {@code destination}), in 6 hex digits. */
    private HttpResponse tags() {
        List<Map<String, String>> tags = new ArrayList<>();
        Network current = network.get();
        new TreeMap<>(current.apps().asMap()).forEach((guid, id) -> tags.add(tag(guid, id, "app")));
        new TreeMap<>(current.egress().destinations().asMap()).forEach((id, destination) ->
                tags.add(tag(id, destination.pseudoAppId(), "destination")));
        return HttpResponse.json(200, Json.write(Map.of("tags", tags)));
    }

    private static Map<String, String> tag(String id, AppId appId, String type) {
        Map<String, String> tag = new LinkedHashMap<>();
        tag.put("id", id);
        tag.put("tag", String.format("%06X", appId.value()));
        tag.put("type", type);
        return tag;
    }

    /** The request's policies, unmarshalled and validated; messages prefixed as policy-server's mapper does. */
    static List<PolicySpec> specs(byte[] body) {
        return specs(body, false);
    }

    /** As {@link #specs(byte[])}; {@code extendedProtocols} admits appnet's icmp and all (without ports). */
    static List<PolicySpec> specs(byte[] body, boolean extendedProtocols) {
        PoliciesPayload payload;
        try {
            payload = PAYLOADS.readValue(body, PoliciesPayload.class);
        } catch (JsonProcessingException malformed) {
            throw new PolicyException("unmarshal json: " + Json.malformed(malformed));
        } catch (java.io.IOException unreadable) {
            throw new PolicyException("unmarshal json: " + unreadable.getMessage());
        }
        if (payload == null || payload.policies() == null || payload.policies().isEmpty()) {
            throw new PolicyException("validate policies: missing policies");
        }
        List<PolicySpec> specs = new ArrayList<>();
        for (PolicyPayload policy : payload.policies()) {
            try {
                specs.add(policy.spec(extendedProtocols));
            } catch (PolicyException refused) {
                throw new PolicyException("validate policies: " + refused.getMessage());
            }
        }
        return specs;
    }

    record PoliciesPayload(List<PolicyPayload> policies) {
    }

    record PolicyPayload(SourcePayload source, DestinationPayload destination) {
        PolicySpec spec(boolean extendedProtocols) {
            SourcePayload from = source == null ? new SourcePayload(null, null) : source;
            DestinationPayload to = destination == null ? new DestinationPayload(null, null, null, null) : destination;
            PortsPayload ports = to.ports() == null ? new PortsPayload(null, null) : to.ports();
            PolicySpec spec = PolicySpec.parse(from.id(), to.id(), to.protocol(), ports.start(), ports.end(),
                    extendedProtocols);
            if (from.tag() != null && !from.tag().isEmpty() || to.tag() != null && !to.tag().isEmpty()) {
                throw new PolicyException("tags may not be specified");
            }
            return spec;
        }
    }

    record SourcePayload(String id, String tag) {
    }

    record DestinationPayload(String id, String tag, String protocol, PortsPayload ports) {
    }

    record PortsPayload(Integer start, Integer end) {
    }
}
