package io.appnet.controller.rest;

import io.appnet.controller.egress.DestinationRecord;
import io.appnet.controller.egress.DestinationSpec;
import io.appnet.controller.egress.EgressException;
import io.appnet.controller.egress.EgressPolicyFilter;
import io.appnet.controller.egress.EgressPolicyRecord;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.policy.Applied;
import io.appnet.controller.store.StoreUnavailableException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * policy-server's dynamic egress endpoints under {@code /networking/v1/external} ({@code network.admin} only,
 * checked by {@link PolicyServerApi}): destinations (list, create, update, delete) and egress policies (list,
 * create, delete), with its shapes, status codes and messages. Pure: a route and a request in, a response out.
 */
final class EgressApi {

    private final EgressService egress;

    EgressApi(EgressService egress) {
        this.egress = egress;
    }

    static boolean serves(String path) {
        return path.equals("/destinations") || path.startsWith("/destinations/") || path.equals("/egress_policies")
                || path.startsWith("/egress_policies/");
    }

    HttpResponse handle(String method, String path, HttpRequest request) {
        if (request.bodyTooLarge()) {
            return HttpResponse.error(400, "error reading request");
        }
        try {
            if (path.startsWith("/destinations/") && method.equals("DELETE")) {
                return answer(200, DestinationJson.render(List.of(
                        awaited(egress.deleteDestination(path.substring("/destinations/".length()))))));
            }
            if (path.startsWith("/egress_policies/") && method.equals("DELETE")) {
                EgressPolicyRecord deleted = awaited(egress.deleteEgressPolicy(
                        path.substring("/egress_policies/".length())));
                return answer(200, EgressPolicyJson.render(List.of(deleted), id -> null));
            }
            return switch (method + " " + path) {
                case "GET /destinations" -> answer(200, DestinationJson.render(egress.destinations(
                        values(request, "id"), values(request, "name"))));
                case "POST /destinations" -> createDestinations(request);
                case "PUT /destinations" -> updateDestinations(request);
                case "GET /egress_policies" -> listPolicies(request);
                case "POST /egress_policies" -> createPolicies(request);
                default -> HttpResponse.error(404, "not found");
            };
        } catch (EgressException refused) {
            return HttpResponse.error(refused.notFound() ? 404 : 400, refused.getMessage());
        } catch (StoreUnavailableException unavailable) {
            return HttpResponse.storeUnavailable(unavailable);
        }
    }

    private HttpResponse createDestinations(HttpRequest request) {
        var specs = prefixed("error parsing egress destinations: ", () -> DestinationJson.parse(request.body()));
        var created = prefixed("error creating egress destinations: ", () -> egress.createDestinations(specs));
        return answer(201, DestinationJson.render(awaited(created)));
    }

    private HttpResponse updateDestinations(HttpRequest request) {
        var specs = prefixed("error parsing egress destination: ", () -> DestinationJson.parse(request.body()));
        DestinationSpec.requireDistinctIds(specs); // policy-server's handler checks these itself: no prefix
        var updated = prefixed("error updating egress destination: ", () -> egress.updateDestinations(specs));
        return answer(200, DestinationJson.render(awaited(updated)));
    }

    private HttpResponse listPolicies(HttpRequest request) {
        EgressPolicyFilter filter = new EgressPolicyFilter(values(request, "SourceIDs"), values(request, "SourceTypes"),
                values(request, "DestinationIDs"), values(request, "DestinationNames"));
        Map<String, DestinationRecord> destinations = new HashMap<>();
        egress.destinations(Set.of(), Set.of()).forEach(record -> destinations.put(record.id(), record));
        return answer(200, EgressPolicyJson.render(egress.egressPolicies(filter), destinations::get));
    }

    private HttpResponse createPolicies(HttpRequest request) {
        var specs = prefixed("error parsing egress policies: ", () -> EgressPolicyJson.parse(request.body()));
        Applied<List<EgressPolicyRecord>> created;
        try {
            created = egress.createEgressPolicies(specs);
        } catch (EgressException refused) { // unknown spaces and destinations are policy-server's validation errors
            throw new EgressException((refused.getMessage().contains("guids not found")
                    ? "error parsing egress policies: validating egress policies: " : "error creating egress policy: ")
                    + refused.getMessage());
        }
        return answer(201, EgressPolicyJson.render(awaited(created), id -> null));
    }

    /** Runs {@code step}; a refusal's message gets policy-server's prefix for that step. */
    private static <T> T prefixed(String prefix, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (EgressException refused) {
            throw refused.notFound() ? EgressException.notFound(prefix + refused.getMessage())
                    : new EgressException(prefix + refused.getMessage());
        }
    }

    private static <T> T awaited(Applied<T> applied) {
        PolicyServerApi.awaitSwitches(applied.programmed());
        return applied.value();
    }

    private static HttpResponse answer(int status, Object body) {
        return HttpResponse.json(status, Json.write(body));
    }

    /** A comma-separated query parameter, as policy-server reads them; absent or empty: no values. */
    private static Set<String> values(HttpRequest request, String parameter) {
        String value = request.query().get(parameter);
        return value == null || value.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(value.split(",")));
    }
}
