package io.appnet.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller's network as its REST API reports it (app IDs, hosts with their leases and tunnel ports,
 * instances, policies), rebuilt in the compiler's model and compiled from scratch: what every switch should hold,
 * computed apart from the incrementally kept tables of the running controller.
 */
final class RestNetwork {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The shipped default of {@code overlay.cidr}. */
    private static final String OVERLAY = "10.255.0.0/16";

    private RestNetwork() {
    }

    static CompiledNetwork fullCompile(ApiClient api) throws Exception {
        String token = api.adminToken();
        List<Change> changes = new ArrayList<>();
        changes.add(Change.configureEgress(EgressSettings.of(OVERLAY, List.of(), "shared")));
        for (JsonNode app : get(api, token, "/appnet/v1/app-ids").get("apps")) {
            if (app.get("type").asText().equals("app")) {
                changes.add(Change.restoreApp(app.get("guid").asText(), app.get("app_id").asInt()));
            }
        }
        for (JsonNode host : get(api, token, "/appnet/v1/hosts").get("hosts")) {
            changes.add(Change.putHost(Host.of(host.get("id").asText(), host.get("underlay_ip").asText(),
                    host.get("subnet").asText(), host.get("tunnel_port").asInt())));
        }
        for (JsonNode instance : get(api, token, "/appnet/v1/instances").get("instances")) {
            changes.add(Change.addInstance(instance.get("id").asText(), instance.get("app").asText(),
                    instance.get("host").asText(), instance.get("port").asInt(), instance.get("ip").asText(),
                    instance.get("mac").asText()));
        }
        for (JsonNode policy : get(api, token, "/appnet/v1/policies").get("policies")) {
            JsonNode ports = policy.get("ports");
            changes.add(Change.addPolicy(policy.get("id").asLong(), policy.get("source").asText(),
                    policy.get("destination").asText(), Protocol.parse(policy.get("protocol").asText()),
                    ports == null || ports.isNull() ? PortRange.any()
                            : PortRange.of(ports.get("start").asInt(), ports.get("end").asInt())));
        }
        return FlowCompiler.ovsHosts().compile(Network.empty().applyAll(changes));
    }

    private static JsonNode get(ApiClient api, String token, String path) throws Exception {
        var response = api.send("GET", path, token, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
