package io.appnet.controller.policy;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.core.NetworkService;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Creates, deletes and lists app-to-app policies: the one place every front end (Java API, REST, shell)
 * goes through, so all get the same checks. A request is all or nothing: creating a policy that exists
 * and deleting one that does not are no-ops; anything refused refuses the whole request. The returned
 * future completes when every affected switch that is in sync has acknowledged the flows.
 */
public final class PolicyService {

    private final NetworkService network;
    private final Map<PolicySpec, PolicyId> policies = new LinkedHashMap<>(); // guarded by this
    private long lastId;

    public PolicyService(NetworkService network, List<StoredPolicy> stored) {
        this.network = network;
        for (StoredPolicy policy : stored) {
            PolicySpec spec = new PolicySpec(policy.sourceGuid(), policy.destinationGuid(),
                    Protocol.parse(policy.protocol()), new PortRange(policy.startPort(), policy.endPort()));
            policies.put(spec, PolicyId.of(policy.id()));
            lastId = Math.max(lastId, policy.id());
        }
    }

    public CompletableFuture<Void> create(List<PolicySpec> requested) {
        synchronized (this) {
            Set<PolicySpec> fresh = new LinkedHashSet<>(nonEmpty(requested));
            fresh.removeAll(policies.keySet());
            if (fresh.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            Map<PolicySpec, PolicyId> added = new LinkedHashMap<>();
            long id = lastId;
            List<Change> changes = new ArrayList<>();
            List<StoredPolicy> rows = new ArrayList<>();
            for (PolicySpec spec : fresh) {
                PolicyId policyId = PolicyId.of(++id);
                added.put(spec, policyId);
                changes.add(new Change.AddPolicy(policyId, spec.sourceGuid(), spec.destinationGuid(), spec.protocol(),
                        spec.ports()));
                rows.add(new StoredPolicy(policyId.value(), spec.sourceGuid(), spec.destinationGuid(),
                        spec.protocol().toString(), spec.ports().start(), spec.ports().end()));
            }
            CompletableFuture<Void> programmed = apply(changes, StoreWrite.none().addingPolicies(rows));
            policies.putAll(added);
            lastId = id;
            return programmed;
        }
    }

    public CompletableFuture<Void> delete(List<PolicySpec> requested) {
        synchronized (this) {
            List<Change> changes = new ArrayList<>();
            Set<Long> ids = new HashSet<>();
            for (PolicySpec spec : new LinkedHashSet<>(nonEmpty(requested))) {
                PolicyId id = policies.get(spec);
                if (id != null) {
                    changes.add(new Change.RemovePolicy(id));
                    ids.add(id.value());
                }
            }
            if (changes.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> programmed = apply(changes, StoreWrite.none().removingPolicies(ids));
            policies.values().removeIf(id -> ids.contains(id.value()));
            return programmed;
        }
    }

    /** The policies the filter matches, oldest first. */
    public synchronized List<PolicyRecord> list(PolicyFilter filter) {
        return policies.entrySet().stream().filter(entry -> filter.matches(entry.getKey()))
                .map(entry -> new PolicyRecord(entry.getValue(), entry.getKey()))
                .sorted(Comparator.comparing(PolicyRecord::id)).toList();
    }

    /** How many policies have this app as their source (what a per-app quota counts). */
    public synchronized long countFrom(String sourceGuid) {
        return policies.keySet().stream().filter(spec -> spec.sourceGuid().equals(sourceGuid)).count();
    }

    private CompletableFuture<Void> apply(List<Change> changes, StoreWrite write) {
        try {
            return network.apply(changes, write);
        } catch (ModelException refused) {
            throw new PolicyException(refused.getMessage());
        }
    }

    private static List<PolicySpec> nonEmpty(List<PolicySpec> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new PolicyException("missing policies");
        }
        return requested;
    }
}
