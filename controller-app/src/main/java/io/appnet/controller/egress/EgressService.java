package io.appnet.controller.egress;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Destination;
import io.appnet.compiler.model.EgressPolicy;
import io.appnet.compiler.model.GroupName;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PolicyId;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.StoredNetwork;
import io.appnet.controller.policy.AppGroups;
import io.appnet.controller.policy.Applied;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredEgressPolicy;
import io.appnet.controller.store.StoredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Destinations and egress policies (Cloud Foundry's dynamic egress): the one place every front end goes through.
 * It names new destinations (a random UUID, as policy-server) and numbers egress policies from the policy ID space,
 * checks what the model cannot (names unique, ids known) with policy-server's messages, and applies each request
 * as one change through the {@link NetworkModel} (compile, commit, program). The model holds destinations and
 * policies; this service keeps only what the model does not: descriptions and {@code app_lifecycle}.
 */
public final class EgressService {
    private static final Logger LOG = LoggerFactory.getLogger(EgressService.class);

    private final NetworkModel model;
    private final PolicyIds ids;
    private final Map<String, String> descriptions = new HashMap<>(); // guarded by this
    private final Map<PolicyId, String> lifecycles = new HashMap<>(); // guarded by this
    private Optional<String> shortage = Optional.empty(); // guarded by this

    public EgressService(NetworkModel model, PolicyIds ids, StoredState stored) {
        this.model = model;
        this.ids = ids;
        stored.destinations().forEach(row -> descriptions.put(row.id(), row.description()));
        stored.egressPolicies().forEach(row -> lifecycles.put(PolicyId.of(row.id()), row.appLifecycle()));
    }

    /** The destinations with these ids, else with these names, else all; by name. */
    public synchronized List<DestinationRecord> destinations(Set<String> byId, Set<String> byName) {
        List<DestinationRecord> records = new ArrayList<>();
        for (Destination destination : new TreeMap<>(byName(model.network())).values()) {
            boolean wanted = !byId.isEmpty() ? byId.contains(destination.id())
                    : byName.isEmpty() || byName.contains(destination.name());
            if (wanted) {
                records.add(record(destination));
            }
        }
        return records;
    }

    /** The destination with this id, else with this name (what an operator types in the shell). */
    public synchronized Optional<DestinationRecord> find(String idOrName) {
        Network network = model.network();
        return network.egress().destination(idOrName).or(() -> Optional.ofNullable(byName(network).get(idOrName)))
                .map(this::record);
    }

    /** Creates the destinations, all or none; answers them with their ids and pseudo app IDs. */
    public synchronized Applied<List<DestinationRecord>> createDestinations(List<DestinationSpec> requested) {
        Network network = model.network();
        Set<String> names = new HashSet<>(byName(network).keySet());
        List<DestinationSpec> named = new ArrayList<>();
        for (DestinationSpec spec : requested) {
            if (!names.add(spec.name())) {
                throw new EgressException("duplicate name error: entry with name '" + spec.name() + "' already exists");
            }
            named.add(spec.withId(UUID.randomUUID().toString()));
        }
        return put(named);
    }

    /** Replaces the destinations named by id (name, description, rules, pinning); each keeps its pseudo app ID. */
    public synchronized Applied<List<DestinationRecord>> updateDestinations(List<DestinationSpec> requested) {
        Network network = model.network();
        Map<String, String> owners = new HashMap<>();
        byName(network).forEach((name, destination) -> owners.put(name, destination.id()));
        DestinationSpec.requireDistinctIds(requested);
        for (DestinationSpec spec : requested) {
            if (network.egress().destination(spec.id()).isEmpty()) {
                throw EgressException.notFound("destination GUID not found: '" + spec.id() + "'");
            }
            owners.values().remove(spec.id());
        }
        for (DestinationSpec spec : requested) {
            if (owners.putIfAbsent(spec.name(), spec.id()) != null) {
                throw new EgressException("duplicate name error: entry with name '" + spec.name() + "' already exists");
            }
        }
        return put(requested);
    }

    private Applied<List<DestinationRecord>> put(List<DestinationSpec> specs) {
        List<Change> changes = new ArrayList<>();
        for (DestinationSpec spec : specs) {
            try {
                changes.add(new Change.PutDestination(spec.id(), spec.name(), spec.rules(),
                        new HashSet<>(spec.gateways().stream().map(HostId::of).toList()), null));
            } catch (ModelException badGateway) {
                throw new EgressException("gateways: " + badGateway.getMessage());
            }
        }
        Function<Network, StoreWrite> rows = after -> StoreWrite.none().puttingDestinations(specs.stream()
                .map(spec -> StoredNetwork.row(after.egress().destination(spec.id()).orElseThrow(),
                        spec.description())).toList());
        CompletableFuture<Void> programmed = apply(changes, rows);
        specs.forEach(spec -> descriptions.put(spec.id(), spec.description()));
        Network network = model.network();
        return new Applied<>(specs.stream().map(spec -> record(network.egress().destination(spec.id())
                .orElseThrow())).toList(), programmed);
    }

    /** Deletes a destination that no egress policy uses; answers it as it was. */
    public synchronized Applied<DestinationRecord> deleteDestination(String id) {
        Destination destination = model.network().egress().destination(id)
                .orElseThrow(() -> EgressException.notFound("destination GUID not found: '" + id + "'"));
        List<Long> users = model.network().egress().policiesTo(id).stream().map(policy -> policy.id().value())
                .sorted().toList();
        if (!users.isEmpty()) {
            throw new EgressException("destination is still in use: egress policies " + users
                    + " (delete them first)");
        }
        DestinationRecord record = record(destination);
        CompletableFuture<Void> programmed = apply(List.of(Change.removeDestination(id)),
                network -> StoreWrite.none().removingDestinations(Set.of(id)));
        descriptions.remove(id);
        return new Applied<>(record, programmed);
    }

    /** Egress policies whose every given filter matches (an empty filter matches all), oldest first. */
    public synchronized List<EgressPolicyRecord> egressPolicies(EgressPolicyFilter filter) {
        Network network = model.network();
        List<EgressPolicyRecord> records = new ArrayList<>();
        for (EgressPolicy policy : network.egress().policies().values()) {
            EgressPolicyRecord record = record(network, policy);
            if (filter.matches(record, network.egress().destination(policy.destination()).map(Destination::name)
                    .orElse(""))) {
                records.add(record);
            }
        }
        records.sort(java.util.Comparator.comparing(EgressPolicyRecord::id));
        return records;
    }

    /** Creates the egress policies, all or none; an app seen for the first time gets its app ID. */
    public synchronized Applied<List<EgressPolicyRecord>> createEgressPolicies(List<EgressPolicySpec> requested) {
        if (requested.isEmpty()) {
            throw new EgressException("missing egress policies");
        }
        Network network = model.network();
        missing("space", requested.stream().filter(spec -> spec.sourceType().equals(EgressPolicySpec.SPACE))
                .map(EgressPolicySpec::sourceId).filter(id -> !isSpace(network, id)).toList());
        missing("destination", requested.stream().map(EgressPolicySpec::destinationId)
                .filter(id -> network.egress().destination(id).isEmpty()).toList());
        long first = ids.take(requested.size());
        List<Change> changes = new ArrayList<>();
        List<StoredEgressPolicy> rows = new ArrayList<>();
        List<EgressPolicyRecord> records = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            EgressPolicySpec spec = requested.get(i);
            StoredEgressPolicy row = new StoredEgressPolicy(first + i, spec.sourceType(), spec.sourceId(),
                    spec.destinationId(), spec.appLifecycle());
            rows.add(row);
            changes.add(StoredNetwork.addEgressPolicy(row));
            records.add(new EgressPolicyRecord(PolicyId.of(row.id()), spec));
        }
        CompletableFuture<Void> programmed = apply(changes, after -> StoreWrite.none().addingEgressPolicies(rows));
        records.forEach(record -> lifecycles.put(record.id(), record.spec().appLifecycle()));
        return new Applied<>(records, programmed);
    }

    /** An operator's group (not one of the controller's one-member groups, {@link AppGroups}). */
    private static boolean isSpace(Network network, String id) {
        try {
            return AppGroups.app(id).isEmpty() && network.policies().group(GroupName.of(id)).isPresent();
        } catch (ModelException notAName) {
            return false;
        }
    }

    private static void missing(String kind, List<String> unknown) {
        if (!unknown.isEmpty()) {
            throw new EgressException(kind + " guids not found: [" + String.join(", ", new java.util.TreeSet<>(unknown))
                    + "]");
        }
    }

    /** Deletes one egress policy by ID (its established connections are cut); answers it as it was. */
    public synchronized Applied<EgressPolicyRecord> deleteEgressPolicy(String id) {
        Network network = model.network();
        EgressPolicy policy = parseId(id).map(network.egress().policies()::get)
                .orElseThrow(() -> EgressException.notFound("egress policy '" + id + "' not found"));
        EgressPolicyRecord record = record(network, policy);
        CompletableFuture<Void> programmed = apply(List.of(Change.removePolicy(policy.id().value())),
                after -> StoreWrite.none().removingPolicies(Set.of(policy.id().value())));
        lifecycles.remove(policy.id());
        return new Applied<>(record, programmed);
    }

    /** Per-app NAT mode's addresses, the pool's size, and the last change the pool was too small for. */
    public synchronized EgressAddresses addresses() {
        Network network = model.network();
        TreeMap<String, EgressAddresses.Entry> apps = new TreeMap<>();
        network.egress().addresses().forEach((app, address) -> apps.put(network.appGuid(app).orElse(app.toString()),
                new EgressAddresses.Entry(address.toString(), network.egress().home(app).map(HostId::toString))));
        return new EgressAddresses(network.egress().settings().mode().toString(),
                network.egress().settings().poolSize(), apps, shortage);
    }

    private static Optional<PolicyId> parseId(String text) {
        try {
            long value = Long.parseLong(text);
            return value >= 1 && value <= PolicyId.MAX ? Optional.of(PolicyId.of(value)) : Optional.empty();
        } catch (NumberFormatException notAnId) {
            return Optional.empty();
        }
    }

    private static Map<String, Destination> byName(Network network) {
        Map<String, Destination> names = new HashMap<>();
        network.egress().destinations().forEach((id, destination) -> names.put(destination.name(), destination));
        return names;
    }

    private DestinationRecord record(Destination destination) {
        return new DestinationRecord(destination, descriptions.getOrDefault(destination.id(), ""));
    }

    private EgressPolicyRecord record(Network network, EgressPolicy policy) {
        String type = policy.source() instanceof EgressPolicy.GroupSource ? EgressPolicySpec.SPACE : EgressPolicySpec.APP;
        String source = policy.source() instanceof EgressPolicy.GroupSource group ? group.group().toString()
                : network.appGuid(((EgressPolicy.AppSource) policy.source()).app()).orElse("");
        return new EgressPolicyRecord(policy.id(), new EgressPolicySpec(type, source, policy.destination(),
                lifecycles.getOrDefault(policy.id(), "all")));
    }

    /** Applies through the model; a refusal is the client's (400), a pool too small for per-app mode is reported. */
    private CompletableFuture<Void> apply(List<Change> changes, Function<Network, StoreWrite> rows) {
        try {
            return model.apply(changes, rows);
        } catch (ModelException refused) {
            if (refused.getMessage().startsWith("nat.pool has")) {
                shortage = Optional.of(refused.getMessage());
                LOG.warn("an egress change was refused: {}", refused.getMessage());
            }
            throw new EgressException(refused.getMessage());
        }
    }

}
