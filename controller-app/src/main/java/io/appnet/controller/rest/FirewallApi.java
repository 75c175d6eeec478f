package io.appnet.controller.rest;

import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.FirewallResult;
import io.appnet.compiler.firewall.FirewallRules;
import io.appnet.compiler.firewall.Refusal;
import io.appnet.controller.firewall.FirewallException;
import io.appnet.controller.firewall.FirewallService;
import java.util.List;
import java.util.Map;

/**
 * Hardware firewalls under {@code /appnet/v1}: {@code GET /firewalls}, {@code POST /firewalls} (one registration,
 * created or replaced by name), {@code DELETE /firewalls/{name}}, {@code GET /firewalls/{name}/export?format=ofctl|json}.
 * network.admin only (checked by {@link AppnetApi}); bad input is a {@link FirewallException}, 400.
 */
final class FirewallApi {
    private static final String EXPORT = "/export";

    private final FirewallService firewalls;

    FirewallApi(FirewallService firewalls) {
        this.firewalls = firewalls;
    }

    static boolean serves(String path) {
        return path.equals("/firewalls") || path.startsWith("/firewalls/");
    }

    HttpResponse handle(HttpRequest request, String path) {
        if (path.equals("/firewalls")) {
            return switch (request.method()) {
                case "GET" -> HttpResponse.json(200, Json.write(Map.of("firewalls", firewalls.firewalls().stream()
                        .map(this::render).toList())));
                case "POST" -> {
                    if (request.bodyTooLarge()) {
                        yield HttpResponse.error(400, "request body over " + PolicyServerApi.MAX_BODY_BYTES + " bytes");
                    }
                    yield HttpResponse.json(200, Json.write(render(firewalls.register(FirewallJson.parse(request.body())))));
                }
                default -> HttpResponse.error(405, "method not allowed");
            };
        }
        String name = path.substring("/firewalls/".length());
        if (name.endsWith(EXPORT) && request.method().equals("GET")) {
            return export(name.substring(0, name.length() - EXPORT.length()), request.query().getOrDefault("format", "ofctl"));
        }
        try {
            return switch (request.method()) {
                case "GET" -> HttpResponse.json(200, Json.write(render(firewalls.find(name)
                        .orElseThrow(() -> FirewallException.notFound(name)))));
                case "DELETE" -> HttpResponse.json(200, Json.write(render(firewalls.delete(name))));
                default -> HttpResponse.error(405, "method not allowed");
            };
        } catch (FirewallException refused) {
            return HttpResponse.error(refused.notFound() ? 404 : 400, refused.getMessage());
        }
    }

    /** The exact rules (200), or 409 with the refusal (per table needed vs available) when they do not fit. */
    private HttpResponse export(String name, String format) {
        if (!List.of("ofctl", "json").contains(format)) {
            return HttpResponse.error(400, "format: '" + format + "' must be ofctl or json");
        }
        FirewallResult result;
        try {
            result = firewalls.compile(name);
        } catch (FirewallException refused) {
            return HttpResponse.error(refused.notFound() ? 404 : 400, refused.getMessage());
        }
        if (result instanceof Refusal refusal) {
            return HttpResponse.error(409, refusal.render());
        }
        FirewallRules rules = (FirewallRules) result;
        return format.equals("json") ? HttpResponse.json(200, rules.json()) : HttpResponse.text(200, rules.ofctl());
    }

    private Map<String, Object> render(Firewall firewall) {
        return FirewallJson.render(firewall, firewalls.devices().state(firewall.datapathId()));
    }
}
