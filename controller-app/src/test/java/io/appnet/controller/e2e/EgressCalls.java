package io.appnet.controller.e2e;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.controller.Controller;
import io.appnet.controller.store.StoreWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every egress call the end-to-end tests make, in one place, straight into the controller's model through the
 * {@link Change} API: destinations and egress policies have no REST endpoint or store table on this branch
 * (built in parallel), so switch these methods to that service once it is merged. Because nothing stores
 * them here, {@link #replay()} applies them again after a controller restart, under the pseudo app IDs and
 * per-app addresses they had, as a store restoring them would.
 */
public final class EgressCalls {
    private final Supplier<Controller> controller;
    private final Map<String, Change.PutDestination> destinations = new LinkedHashMap<>();
    private final Map<Long, Change> policies = new LinkedHashMap<>();
    private final Map<String, Ipv4Address> addresses = new LinkedHashMap<>();

    public EgressCalls(Supplier<Controller> controller) {
        this.controller = controller;
    }

    /** Cloud Foundry's POST /networking/v1/external/destinations: one destination with its rules. */
    public void putDestination(String id, String name, DestinationRule... rules) {
        apply(Change.putDestination(id, name, List.of(rules)));
        AppId pseudo = controller.get().model().network().egress().destination(id).orElseThrow().pseudoAppId();
        destinations.put(id, new Change.PutDestination(id, name, List.of(rules), Set.of(), pseudo));
    }

    /** POST /networking/v1/external/egress_policies: {@code app} may reach the destination. */
    public void allow(long policyId, String app, String destinationId) {
        Change change = Change.addEgressPolicy(policyId, app, destinationId);
        apply(change);
        policies.put(policyId, change);
    }

    /** DELETE /networking/v1/external/egress_policies/{id}. */
    public void revoke(long policyId) {
        apply(Change.removePolicy(policyId));
        policies.remove(policyId);
    }

    /** GET /appnet/v1/egress-addresses: the app's own pool address in per-app mode. */
    public Optional<Ipv4Address> address(String app) {
        var network = controller.get().model().network();
        return network.appId(app).flatMap(id -> network.egress().address(id));
    }

    /** After a restart: the destinations and policies again, with their pseudo app IDs and per-app addresses. */
    public void replay() {
        List<Change> changes = new ArrayList<>(destinations.values());
        addresses.forEach((app, address) -> changes.add(new Change.RestoreEgressAddress(app, address)));
        changes.addAll(policies.values());
        apply(changes.toArray(Change[]::new));
    }

    /** Remembers the per-app addresses the model gave, so that {@link #replay()} restores them. */
    public void rememberAddresses(String... apps) {
        for (String app : apps) {
            address(app).ifPresent(address -> addresses.put(app, address));
        }
    }

    public void forgetAddresses() {
        addresses.clear();
    }

    private void apply(Change... changes) {
        controller.get().model().apply(List.of(changes), StoreWrite.none()).join();
    }
}
