package io.appnet.controller.e2e;

import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.controller.Controller;
import io.appnet.controller.egress.DestinationSpec;
import io.appnet.controller.egress.EgressPolicySpec;
import io.appnet.controller.egress.EgressService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The egress calls the end-to-end tests make, through the controller's {@link EgressService} as the REST API and
 * the shell make them (so what a test creates is stored, and a restarted controller restores it). Tests name
 * destinations and policies by keys of their own; the controller's ids (a GUID, a policy number) are looked up
 * here. Keys survive a restart of the controller, as the ids do.
 */
public final class EgressCalls {
    private final Supplier<Controller> controller;
    private final Map<String, String> destinationIds = new HashMap<>();
    private final Map<Long, String> policyIds = new HashMap<>();

    public EgressCalls(Supplier<Controller> controller) {
        this.controller = controller;
    }

    private EgressService egress() {
        return controller.get().egress();
    }

    /** Cloud Foundry's POST /networking/v1/external/destinations: one destination with its rules. */
    public void putDestination(String key, String name, DestinationRule... rules) {
        var created = egress().createDestinations(List.of(new DestinationSpec(null, name, "", List.of(rules),
                Set.of())));
        created.programmed().join();
        destinationIds.put(key, created.value().get(0).destination().id());
    }

    /** POST /networking/v1/external/egress_policies: {@code app} may reach the destination. */
    public void allow(long key, String app, String destinationKey) {
        var created = egress().createEgressPolicies(List.of(new EgressPolicySpec(EgressPolicySpec.APP, app,
                destinationIds.get(destinationKey), "all")));
        created.programmed().join();
        policyIds.put(key, Long.toString(created.value().get(0).id().value()));
    }

    /** DELETE /networking/v1/external/egress_policies/{id}. */
    public void revoke(long key) {
        egress().deleteEgressPolicy(policyIds.remove(key)).programmed().join();
    }

    /** GET /appnet/v1/egress-addresses: the app's own pool address in per-app mode. */
    public Optional<Ipv4Address> address(String app) {
        var network = controller.get().model().network();
        return network.appId(app).flatMap(id -> network.egress().address(id));
    }
}
