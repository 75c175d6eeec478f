package io.appnet.controller.policy;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Policy;
import io.appnet.compiler.model.PolicyId;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.Proposal;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Creates, deletes and lists app-to-app policies: the one place every front end (Java API, REST, shell)
 * goes through, so all get the same checks. A request is all or nothing: creating a policy that exists
 * and deleting one that does not are no-ops; anything refused refuses the whole request. The returned
 * future completes when every affected switch that is in sync has acknowledged the flows. The policies
 * themselves are the model's: this service keeps no copy.
 */
public final class PolicyService {

    private final NetworkModel model;
    private final PolicyIds ids;

    public PolicyService(NetworkModel model) {
        this(model, new PolicyIds(model.network()));
    }

    /** With the ID space it shares with the other policy services. */
    public PolicyService(NetworkModel model, PolicyIds ids) {
        this.model = model;
        this.ids = ids;
    }

    public CompletableFuture<Void> create(List<PolicySpec> requested) {
        return create(requested, Integer.MAX_VALUE);
    }

    /**
     * As {@link #create(List)}, but refused whole with {@link QuotaExceededException} if a source app would then
     * be the source of more than {@code perSourceQuota} policies. Counted on the network the request is applied to,
     * under the model's lock, so two requests at once cannot both pass the check.
     */
    public CompletableFuture<Void> create(List<PolicySpec> requested, int perSourceQuota) {
        Set<PolicySpec> specs = new LinkedHashSet<>(nonEmpty(requested));
        return apply(network -> {
            Set<PolicySpec> fresh = new LinkedHashSet<>(specs);
            fresh.removeIf(spec -> find(network, spec).isPresent());
            if (fresh.isEmpty()) {
                return Proposal.nothing();
            }
            Map<String, Integer> added = new HashMap<>();
            fresh.forEach(spec -> added.merge(spec.sourceGuid(), 1, Integer::sum));
            if (added.entrySet().stream()
                    .anyMatch(from -> countFrom(network, from.getKey()) + from.getValue() > perSourceQuota)) {
                throw new QuotaExceededException(perSourceQuota);
            }
            long id = ids.take(fresh.size()) - 1;
            List<Change> changes = new ArrayList<>();
            List<StoredPolicy> rows = new ArrayList<>();
            for (PolicySpec spec : fresh) {
                PolicyId policyId = PolicyId.of(++id);
                changes.add(new Change.AddPolicy(policyId, spec.sourceGuid(), spec.destinationGuid(), spec.protocol(),
                        spec.ports()));
                rows.add(new StoredPolicy(policyId.value(), spec.sourceGuid(), spec.destinationGuid(),
                        spec.protocol().toString(), spec.ports().start(), spec.ports().end()));
            }
            return Proposal.of(changes, StoreWrite.none().addingPolicies(rows));
        });
    }

    public CompletableFuture<Void> delete(List<PolicySpec> requested) {
        Set<PolicySpec> specs = new LinkedHashSet<>(nonEmpty(requested));
        return apply(network -> {
            List<Change> changes = new ArrayList<>();
            Set<Long> ids = new HashSet<>();
            for (PolicySpec spec : specs) {
                find(network, spec).ifPresent(id -> {
                    changes.add(new Change.RemovePolicy(id));
                    ids.add(id.value());
                });
            }
            return changes.isEmpty() ? Proposal.nothing()
                    : Proposal.of(changes, StoreWrite.none().removingPolicies(ids));
        });
    }

    /** The policies the filter matches, oldest first. */
    public List<PolicyRecord> list(PolicyFilter filter) {
        Network network = model.network();
        List<PolicyRecord> records = new ArrayList<>();
        for (Policy policy : network.policies().policies().values()) {
            PolicySpec spec = new PolicySpec(network.appGuid(policy.source()).orElseThrow(),
                    network.appGuid(policy.destination()).orElseThrow(), policy.protocol(), policy.ports());
            if (filter.matches(spec)) {
                records.add(new PolicyRecord(policy.id(), spec));
            }
        }
        records.sort(Comparator.comparing(PolicyRecord::id));
        return records;
    }

    /** How many policies have this app as their source (what a per-app quota counts). */
    public long countFrom(String sourceGuid) {
        return countFrom(model.network(), sourceGuid);
    }

    private static long countFrom(Network network, String sourceGuid) {
        return network.appId(sourceGuid).map(app -> network.policies().policiesFrom(app).size()).orElse(0);
    }

    /** The ID of the policy with exactly this spec; none when either app has no ID yet. */
    private static Optional<PolicyId> find(Network network, PolicySpec spec) {
        Optional<AppId> source = network.appId(spec.sourceGuid());
        Optional<AppId> destination = network.appId(spec.destinationGuid());
        if (source.isEmpty() || destination.isEmpty()) {
            return Optional.empty();
        }
        return network.policies().find(source.get(), destination.get(), spec.protocol(), spec.ports());
    }

    private CompletableFuture<Void> apply(Function<Network, Proposal> request) {
        try {
            return model.apply(request);
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
