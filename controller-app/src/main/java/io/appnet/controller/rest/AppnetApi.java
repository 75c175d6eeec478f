package io.appnet.controller.rest;

import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.Protocol;
import io.appnet.compiler.pipeline.DropReason;
import io.appnet.controller.egress.EgressAddresses;
import io.appnet.controller.egress.EgressException;
import io.appnet.controller.egress.EgressPolicyRecord;
import io.appnet.controller.egress.EgressService;
import io.appnet.controller.firewall.FirewallException;
import io.appnet.controller.firewall.FirewallService;
import io.appnet.controller.status.AppIdDirectory;
import io.appnet.controller.status.AppIdTable;
import io.appnet.controller.policy.GroupService;
import io.appnet.controller.policy.PolicyException;
import io.appnet.controller.store.StoreUnavailableException;
import io.appnet.controller.policy.PolicyFilter;
import io.appnet.controller.policy.PolicyRecord;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.policy.QuotaExceededException;
import io.appnet.controller.stats.Counters;
import io.appnet.controller.status.CounterReport;
import io.appnet.controller.status.HostView;
import io.appnet.controller.status.InstanceView;
import io.appnet.controller.status.StatusService;
import io.appnet.controller.status.SwitchView;
import io.appnet.controller.topology.HostStatus;
import io.appnet.controller.topology.TopologyService;
import io.appnet.controller.trace.PolicyTracer;
import io.appnet.controller.trace.TraceReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * appnet's own additions under {@code /appnet/v1/}, with policy-server's authentication: policies with the
 * icmp and all protocols too, groups and group policies ({@link GroupApi}), hosts and their leases, switches and
 * their sync state, instances, counters, per-app egress addresses, and a trace of a hypothetical packet through
 * the compiled tables. Pure, like {@link PolicyServerApi}: the answers are the {@link StatusService}'s, only
 * rendered as JSON here. A {@code network.write} token has what policy-server would give it: the policies
 * between its own apps, held to the quota; everything else (topology, groups, egress) is for admins.
 */
public final class AppnetApi {
    public static final String PREFIX = "/appnet/v1";
    private static final List<String> SCOPES = List.of(Principal.ADMIN, Principal.WRITE);
    private static final List<String> ADMIN_ONLY = List.of(Principal.ADMIN);
    private static final Duration COUNTER_WAIT = Duration.ofSeconds(5);

    private final PolicyService policies;
    private final GroupApi groups;
    private final FirewallApi firewalls;
    private final EgressService egress;
    private final StatusService status;
    private final TopologyService topology;
    private final BearerAuth auth;
    private final int quota;

    public AppnetApi(PolicyService policies, GroupService groups, EgressService egress, FirewallService firewalls,
                     StatusService status, TopologyService topology, TokenVerifier tokens) {
        this(policies, groups, egress, firewalls, status, topology, tokens, PolicyServerApi.DEFAULT_QUOTA);
    }

    public AppnetApi(PolicyService policies, GroupService groups, EgressService egress, FirewallService firewalls,
                     StatusService status, TopologyService topology, TokenVerifier tokens, int quota) {
        this.policies = policies;
        this.groups = new GroupApi(groups);
        this.firewalls = new FirewallApi(firewalls);
        this.egress = egress;
        this.status = status;
        this.topology = topology;
        this.auth = new BearerAuth(tokens);
        this.quota = quota;
    }

    public HttpResponse handle(HttpRequest request) {
        if (!request.path().startsWith(PREFIX + "/")) {
            return HttpResponse.error(404, "not found");
        }
        String route = request.method() + " " + request.path().substring(PREFIX.length());
        boolean policyRoute = route.equals("GET /policies") || route.startsWith("POST /policies");
        BearerAuth.Outcome outcome = auth.check(request, policyRoute ? SCOPES : ADMIN_ONLY);
        if (outcome instanceof BearerAuth.Refused refused) {
            return refused.response();
        }
        Principal principal = ((BearerAuth.Allowed) outcome).principal();
        String path = request.path().substring(PREFIX.length());
        try {
            if (GroupApi.serves(path)) { // network.admin only (not a policy route): a group decides what members reach
                return request.bodyTooLarge() ? HttpResponse.error(400, "request body over "
                        + PolicyServerApi.MAX_BODY_BYTES + " bytes") : groups.handle(request.method(), path, request);
            }
            if (FirewallApi.serves(path)) { // network.admin only: a firewall decides what reaches what it guards
                return firewalls.handle(request, path);
            }
            return switch (route) {
                case "GET /policies" -> HttpResponse.json(200, Json.write(Map.of("policies", policyList(principal))));
                case "POST /policies" -> change(request, principal, true);
                case "POST /policies/delete" -> change(request, principal, false);
                case "GET /hosts" -> HttpResponse.json(200, Json.write(Map.of("hosts", hosts())));
                case "GET /switches" -> HttpResponse.json(200, Json.write(Map.of("switches", switchList())));
                case "GET /instances" -> HttpResponse.json(200, Json.write(Map.of("instances", instances())));
                case "GET /trace" -> trace(request);
                case "GET /counters" -> counters();
                case "POST /hosts/forget" -> forget(request);
                case "GET /egress-addresses" -> egressAddresses();
                case "GET /app-ids" -> appIds(request);
                default -> HttpResponse.error(404, "not found");
            };
        } catch (PolicyException refused) {
            return HttpResponse.error(refused.notFound() ? 404 : 400, refused.getMessage());
        } catch (EgressException | IllegalArgumentException refused) {
            return HttpResponse.error(400, refused.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return HttpResponse.error(503, "interrupted while waiting; try again");
        } catch (FirewallException refused) {
            return HttpResponse.error(refused.notFound() ? 404 : 400, refused.getMessage());
        } catch (QuotaExceededException exceeded) {
            return HttpResponse.error(403, exceeded.getMessage());
        } catch (StoreUnavailableException unavailable) {
            return HttpResponse.storeUnavailable(unavailable);
        }
    }

    /**
     * {@code {"host": "h1"}}: releases the host now (its lease and instances), as {@code appnet:host-forget};
     * network.admin only (checked by the route). 409 while the host is connected, 400 for an unknown host.
     */
    private HttpResponse forget(HttpRequest request) {
        if (request.bodyTooLarge()) {
            return HttpResponse.error(400, "request body over " + PolicyServerApi.MAX_BODY_BYTES + " bytes");
        }
        String host = JsonFields.text(JsonFields.body(request.body()), "host", "");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host: send {\"host\": \"<host id>\"}");
        }
        try {
            PolicyServerApi.awaitSwitches(topology.forget(host));
        } catch (IllegalStateException connected) {
            return HttpResponse.error(409, connected.getMessage());
        }
        return HttpResponse.json(200, Json.write(Map.of("forgotten", host)));
    }

    private HttpResponse change(HttpRequest request, Principal principal, boolean create) {
        if (request.bodyTooLarge()) {
            return HttpResponse.error(400, "request body over " + PolicyServerApi.MAX_BODY_BYTES + " bytes");
        }
        var specs = PolicyServerApi.specs(request.body(), true);
        if (!specs.stream().allMatch(principal::mayTouch)) {
            return HttpResponse.error(403, PolicyServerApi.NO_ACCESS);
        }
        long started = System.nanoTime();
        PolicyServerApi.awaitSwitches(create ? PolicyServerApi.create(policies, specs, principal, quota)
                : policies.delete(specs));
        return HttpResponse.changed(System.nanoTime() - started);
    }

    private List<Map<String, Object>> policyList(Principal principal) {
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (PolicyRecord record : PolicyServerApi.visible(policies, PolicyFilter.all(), principal)) {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("id", record.id().value());
            policy.put("source", record.spec().sourceGuid());
            policy.put("destination", record.spec().destinationGuid());
            policy.put("protocol", record.spec().protocol().toString());
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("start", record.spec().ports().start());
            ports.put("end", record.spec().ports().end());
            policy.put("ports", record.spec().protocol().hasPorts() ? ports : null);
            rendered.add(policy);
        }
        return rendered;
    }

    private List<Map<String, Object>> hosts() {
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (HostView view : status.hosts()) {
            HostStatus host = view.host();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", host.hostId());
            entry.put("underlay_ip", host.underlayIp().map(Object::toString).orElse(null));
            entry.put("subnet", host.subnet().map(Object::toString).orElse(null));
            entry.put("connected", host.connected());
            entry.put("datapath_id", host.datapathId().map(id -> String.format("%016x", id)).orElse(null));
            entry.put("tunnel_port", host.tunnelPort().orElse(null));
            entry.put("flows", view.flows().map(Object::toString).orElse(null));
            entry.put("instances", host.instances());
            entry.put("rejected_interfaces", new TreeMap<>(host.rejectedInterfaces()));
            entry.put("pending_interfaces", new TreeMap<>(host.pendingInterfaces()));
            entry.put("problem", host.problem());
            rendered.add(entry);
        }
        return rendered;
    }

    private List<Map<String, Object>> switchList() {
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (SwitchView view : status.switches()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("datapath_id", String.format("%016x", view.datapathId()));
            entry.put("address", view.address());
            entry.put("host", view.host().orElse(null));
            entry.put("state", view.state().map(Object::toString).orElse("NOT_BOUND"));
            entry.put("last_reconcile", view.lastReconcile().orElse(null));
            entry.put("last_error", view.lastError().orElse(null));
            rendered.add(entry);
        }
        return rendered;
    }

    private List<Map<String, Object>> instances() {
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (InstanceView instance : status.instances()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", instance.id());
            entry.put("app", instance.appGuid());
            entry.put("app_id", instance.appId());
            entry.put("host", instance.host());
            entry.put("port", instance.port());
            entry.put("ip", instance.ip());
            entry.put("mac", instance.mac());
            rendered.add(entry);
        }
        return rendered;
    }

    /** Packets and bytes per policy and per drop reason, from every connected switch's flow counters. */
    private HttpResponse counters() {
        CounterReport report = status.counters(COUNTER_WAIT);
        List<Map<String, Object>> byPolicy = new ArrayList<>();
        for (PolicyRecord record : report.policies()) {
            byPolicy.add(counted(record.id(), "app", report.counters()));
        }
        for (EgressPolicyRecord record : report.egressPolicies()) {
            byPolicy.add(counted(record.id(), "egress", report.counters()));
        }
        List<Map<String, Object>> drops = new ArrayList<>();
        for (DropReason reason : DropReason.values()) {
            Counters.Count count = report.counters().drops(reason);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("reason", reason.name().toLowerCase(Locale.ROOT));
            entry.put("description", reason.description());
            entry.put("packets", count.packets());
            entry.put("bytes", count.bytes());
            drops.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policies", byPolicy);
        body.put("drops", drops);
        body.put("switches_unanswered", report.unanswered());
        return HttpResponse.json(200, Json.write(body));
    }

    private static Map<String, Object> counted(PolicyId id, String kind, Counters counters) {
        Counters.Count count = counters.policy(id);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id.value());
        entry.put("kind", kind);
        entry.put("packets", count.packets());
        entry.put("bytes", count.bytes());
        return entry;
    }

    /**
     * Per-app NAT mode's map (app -> pool address and the gateway holding it), the mode and pool size, and the last
     * change refused because the pool had no address left for an app ({@code null} if none).
     */
    /**
     * {@code {"apps": [{"guid", "app_id", "vni", "type", "nat_address"}]}} with an ETag; {@code If-None-Match} with
     * the current ETag is 304; {@code ?wait=SECONDS} (0-60) with it waits for the next change, then 200, or 304 when
     * none came.
     */
    private HttpResponse appIds(HttpRequest request) throws InterruptedException {
        String waitText = request.query().getOrDefault("wait", "0");
        long wait;
        try {
            wait = Long.parseLong(waitText);
        } catch (NumberFormatException notANumber) {
            wait = -1;
        }
        if (wait < 0 || wait > AppIdDirectory.MAX_WAIT.toSeconds()) {
            throw new IllegalArgumentException("invalid query parameter 'wait': '" + waitText + "' must be 0-"
                    + AppIdDirectory.MAX_WAIT.toSeconds() + " seconds");
        }
        Optional<String> known = request.header("if-none-match");
        AppIdTable table = known.isPresent()
                ? status.appIds().awaitChange(known.get(), Duration.ofSeconds(wait))
                : status.appIds().current();
        if (known.isPresent() && known.get().equals(table.etag())) {
            return new HttpResponse(304, Map.of("ETag", table.etag()), "");
        }
        List<Map<String, Object>> apps = new ArrayList<>();
        for (AppIdTable.Entry entry : table.entries()) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            rendered.put("guid", entry.guid());
            rendered.put("app_id", entry.appId());
            rendered.put("vni", entry.appId());
            rendered.put("type", entry.type());
            rendered.put("nat_address", entry.natAddress().orElse(null));
            apps.add(rendered);
        }
        return new HttpResponse(200, Map.of("ETag", table.etag()), Json.write(Map.of("apps", apps)));
    }

    private HttpResponse egressAddresses() {
        EgressAddresses addresses = egress.addresses();
        List<Map<String, Object>> apps = new ArrayList<>();
        addresses.apps().forEach((app, entry) -> {
            Map<String, Object> rendered = new LinkedHashMap<>();
            rendered.put("app", app);
            rendered.put("address", entry.address());
            rendered.put("gateway", entry.gateway().orElse(null));
            apps.add(rendered);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", addresses.mode());
        body.put("pool_size", addresses.poolSize());
        body.put("addresses", apps);
        body.put("pool_exhausted", addresses.shortage().orElse(null));
        return HttpResponse.json(200, Json.write(body));
    }

    private HttpResponse trace(HttpRequest request) {
        String source = required(request, "source");
        Ipv4Address destination = PolicyTracer.destination(required(request, "destination"));
        Protocol protocol = Protocol.parse(required(request, "protocol"));
        int port = 0;
        if (protocol.hasPorts()) {
            try {
                port = Integer.parseInt(required(request, "port"));
            } catch (NumberFormatException invalid) {
                throw new IllegalArgumentException("port '" + request.query().get("port") + "' is not a number");
            }
        }
        TraceReport report = status.trace(source, destination, protocol, port);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delivered", report.delivered());
        body.put("verdict", report.verdict());
        body.put("description", report.description());
        body.put("hops", report.hops());
        return HttpResponse.json(200, Json.write(body));
    }

    private static String required(HttpRequest request, String parameter) {
        String value = request.query().get(parameter);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing query parameter '" + parameter + "'");
        }
        return value;
    }
}
