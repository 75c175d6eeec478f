package io.appnet.controller.policy;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Group;
import io.appnet.compiler.model.GroupName;
import io.appnet.compiler.model.GroupPolicy;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PolicyId;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredGroup;
import io.appnet.controller.store.StoredGroupPolicy;
import io.appnet.controller.store.StoredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Groups (a Cloud Foundry space is an appnet group) and group policies (group -> group and group -> app, compiled
 * as conjunctive matches; see {@link AppGroups}): create, replace, delete and list, each request one change through the {@link NetworkModel}. The model
 * holds the groups' members and the policies; this service keeps only the groups' display names.
 */
public final class GroupService {

    private final NetworkModel model;
    private final PolicyIds ids;
    private final Map<String, String> names = new HashMap<>(); // group id -> name, guarded by this

    public GroupService(NetworkModel model, PolicyIds ids, StoredState stored) {
        this.model = model;
        this.ids = ids;
        stored.groups().forEach(group -> names.put(group.id(), group.name()));
    }

    /** Every group, by id. */
    public synchronized List<GroupRecord> groups() {
        List<GroupRecord> records = new ArrayList<>();
        Network network = model.network();
        for (Group group : new TreeMap<>(network.policies().groups().asMap()).values()) {
            if (AppGroups.app(group.name().toString()).isEmpty()) {
                records.add(record(network, group));
            }
        }
        return records;
    }

    /** Creates the groups or replaces their names and members; apps seen for the first time get their app IDs. */
    public synchronized Applied<List<GroupRecord>> put(List<GroupRecord> requested) {
        if (requested.isEmpty()) {
            throw new PolicyException("missing groups");
        }
        Map<String, String> holders = new HashMap<>();
        names.forEach((id, name) -> holders.put(name, id));
        requested.forEach(group -> holders.values().remove(group.id()));
        Set<String> seen = new HashSet<>();
        List<Change> changes = new ArrayList<>();
        for (GroupRecord group : requested) {
            if (!seen.add(group.id())) {
                throw new PolicyException("duplicate group id '" + group.id() + "'");
            }
            if (AppGroups.app(group.id()).isPresent() || AppGroups.app(group.name()).isPresent()) {
                throw new PolicyException("group id and name may not start with '" + AppGroups.PREFIX + "' (the"
                        + " controller's groups for group -> app policies)");
            }
            String holder = holders.putIfAbsent(group.name(), group.id());
            if (holder != null) {
                throw new PolicyException("group name '" + group.name() + "' is already used by group '" + holder + "'");
            }
            changes.add(refusing(() -> Change.putGroup(group.id(), new HashSet<>(group.members()))));
        }
        StoreWrite rows = StoreWrite.none().puttingGroups(requested.stream()
                .map(group -> new StoredGroup(group.id(), group.name(), group.members())).toList());
        CompletableFuture<Void> programmed = apply(changes, rows);
        requested.forEach(group -> names.put(group.id(), group.name()));
        return new Applied<>(requested, programmed);
    }

    /** Deletes a group that no policy uses; answers it as it was. */
    public synchronized Applied<GroupRecord> delete(String id) {
        Network network = model.network();
        Group group = group(network, id).filter(found -> AppGroups.app(id).isEmpty())
                .orElseThrow(() -> PolicyException.notFound("unknown group '" + id + "'"));
        GroupRecord record = record(network, group);
        CompletableFuture<Void> programmed = apply(List.of(Change.removeGroup(id)),
                StoreWrite.none().removingGroups(Set.of(id)));
        names.remove(id);
        return new Applied<>(record, programmed);
    }

    /** Every group policy, oldest first. */
    public List<GroupPolicyRecord> groupPolicies() {
        List<GroupPolicyRecord> records = new ArrayList<>();
        for (GroupPolicy policy : model.network().policies().groupPolicies().values()) {
            String destination = policy.destination().toString();
            Optional<String> app = AppGroups.app(destination);
            records.add(new GroupPolicyRecord(policy.id(), policy.source().toString(),
                    app.isPresent() ? GroupPolicyRecord.APP : GroupPolicyRecord.GROUP, app.orElse(destination),
                    policy.protocol(), policy.ports()));
        }
        records.sort(java.util.Comparator.comparing(GroupPolicyRecord::id));
        return records;
    }

    /**
     * Creates the group policies, all or none; source and destination groups must exist (an app destination
     * gets its one-member group with its first policy, and its app ID if it has none).
     */
    public synchronized Applied<List<GroupPolicyRecord>> create(List<GroupPolicyRecord> requested) {
        if (requested.isEmpty()) {
            throw new PolicyException("missing group policies");
        }
        Network network = model.network();
        List<Change> changes = new ArrayList<>();
        List<StoredGroup> appGroups = new ArrayList<>();
        for (GroupPolicyRecord policy : requested) {
            List<String> named = policy.destinationType().equals(GroupPolicyRecord.GROUP)
                    ? List.of(policy.sourceGroup(), policy.destinationId()) : List.of(policy.sourceGroup());
            for (String group : named) {
                if (AppGroups.app(group).isPresent() || group(network, group).isEmpty()) {
                    throw new PolicyException("unknown group '" + group + "'");
                }
            }
            String appGroup = policy.compiledDestination();
            if (policy.destinationType().equals(GroupPolicyRecord.APP) && group(network, appGroup).isEmpty()
                    && appGroups.stream().noneMatch(added -> added.id().equals(appGroup))) {
                appGroups.add(new StoredGroup(appGroup, appGroup, List.of(policy.destinationId())));
                changes.add(refusing(() -> Change.putGroup(appGroup, Set.of(policy.destinationId()))));
            }
        }
        long first = ids.take(requested.size());
        List<GroupPolicyRecord> created = new ArrayList<>();
        List<StoredGroupPolicy> rows = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            GroupPolicyRecord policy = requested.get(i).withId(PolicyId.of(first + i));
            created.add(policy);
            changes.add(refusing(() -> new Change.AddGroupPolicy(policy.id(), GroupName.of(policy.sourceGroup()),
                    GroupName.of(policy.compiledDestination()), policy.protocol(), policy.ports())));
            rows.add(new StoredGroupPolicy(policy.id().value(), policy.sourceGroup(), policy.compiledDestination(),
                    policy.protocol().toString(), policy.ports().start(), policy.ports().end()));
        }
        return new Applied<>(created, apply(changes, StoreWrite.none().puttingGroups(appGroups)
                .addingGroupPolicies(rows)));
    }

    /** Deletes one group policy by ID (an app's one-member group goes with its last policy); answers it as it was. */
    public synchronized Applied<GroupPolicyRecord> deletePolicy(long id) {
        List<GroupPolicyRecord> all = groupPolicies();
        GroupPolicyRecord policy = all.stream().filter(record -> record.id().value() == id).findFirst()
                .orElseThrow(() -> PolicyException.notFound("unknown group policy " + id));
        List<Change> changes = new ArrayList<>(List.of(Change.removePolicy(id)));
        StoreWrite write = StoreWrite.none().removingPolicies(Set.of(id));
        String destination = policy.compiledDestination();
        boolean last = all.stream().filter(other -> other.compiledDestination().equals(destination)).count() == 1;
        if (policy.destinationType().equals(GroupPolicyRecord.APP) && last) {
            changes.add(Change.removeGroup(destination));
            write = write.removingGroups(Set.of(destination));
        }
        return new Applied<>(policy, apply(changes, write));
    }

    private static Optional<Group> group(Network network, String id) {
        try {
            return network.policies().group(GroupName.of(id));
        } catch (ModelException notAName) {
            return Optional.empty();
        }
    }

    private GroupRecord record(Network network, Group group) {
        List<String> members = group.members().stream().map(app -> network.appGuid(app).orElse(app.toString()))
                .toList();
        return new GroupRecord(group.name().toString(), names.getOrDefault(group.name().toString(),
                group.name().toString()), members);
    }

    /** A change built from names a client gave: a name the model refuses (e.g. with a space) is the client's error. */
    private static Change refusing(java.util.function.Supplier<Change> change) {
        try {
            return change.get();
        } catch (ModelException refused) {
            throw new PolicyException(refused.getMessage());
        }
    }

    private CompletableFuture<Void> apply(List<Change> changes, StoreWrite write) {
        try {
            return model.apply(changes, write);
        } catch (ModelException refused) {
            throw new PolicyException(refused.getMessage());
        }
    }
}
